import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import type { ReplayInput } from '../source-kind.js';
import type { PollResult } from '../types.js';
import { extractListing, type ListingPage } from './extract.js';
import { normaliseListings } from './normalise.js';
import type { HtmlListSettings } from './settings.js';

/**
 * A replay folder holds listing pages as saved from a browser: every `.html` file in it (in
 * name order) is one listing page. A file's URL, against which its links resolve, is its
 * `<link rel="canonical">` when it has one, else the source's baseUrl.
 */
export async function replayHtmlList(input: ReplayInput<HtmlListSettings>): Promise<PollResult> {
  const { folder, baseUrl, settings, now } = input;
  const files = (await readdir(folder)).filter((name) => name.endsWith('.html')).sort();
  if (files.length === 0) throw new Error(`no .html files in ${folder}`);
  const pages: ListingPage[] = [];
  for (const file of files) {
    const html = await readFile(path.join(folder, file), 'utf8');
    pages.push(extractListing(html, pageUrlOf(html, baseUrl), settings));
  }
  const listing = normaliseListings(pages, settings, now);
  const warnings = [...listing.warnings];
  for (const [index, page] of pages.entries()) {
    if (page.items.length === 0)
      warnings.push(`item "${settings.item}" matched nothing in ${files[index]}`);
  }
  return {
    records: listing.records,
    pages: pages.length,
    received: listing.received,
    skipped: listing.skipped,
    legacyRecords: 0,
    emptyPages: [],
    warnings,
  };
}

function pageUrlOf(html: string, baseUrl: string): string {
  const canonical = load(html)('link[rel="canonical"]').attr('href');
  if (!canonical) return baseUrl;
  try {
    return new URL(canonical, baseUrl).toString();
  } catch {
    // A canonical link no URL parser accepts: the page is read as the source's own.
    return baseUrl;
  }
}
