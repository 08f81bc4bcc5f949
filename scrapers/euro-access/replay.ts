import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import type { ReplayInput } from '../source-kind.js';
import type { PollResult } from '../types.js';
import { type DetailParse, parseDetail } from './detail.js';
import { callIdOf, isListingPage, parseListing } from './listing.js';
import { pollResultOf } from './result.js';
import type { EuroAccessSettings } from './settings.js';

/**
 * A replay folder holds browser-saved pages ("Save page as", .html): exactly one listing
 * (the page with table#calls-overview) and any number of call detail pages. A page's URL is
 * read from the browser's `<!-- saved from url=(…)… -->` comment, else its canonical link.
 * Each listed call whose detail page is in the folder is normalised with it; the others are
 * thin. No fetch time is returned: the pages state none, and a file's mtime says when it was
 * copied, not when it was fetched.
 */
export async function replayEuroAccess(
  input: ReplayInput<EuroAccessSettings>,
): Promise<PollResult & { fetchedAt?: Date }> {
  const pages = await savedPages(input.folder);
  const listings = pages.filter((page) => isListingPage(page.html));
  if (listings.length !== 1) {
    throw new Error(
      `${input.folder} must hold exactly one Euro-Access listing (a page with table#calls-overview); found ${listings.length}`,
    );
  }
  const [listingPage] = listings as [SavedPage];
  const listing = parseListing(listingPage.html, listingPage.url ?? input.baseUrl);
  if (!listing) throw new Error(`${listingPage.file}: no calls table`);
  const warnings = [...listing.problems];
  const details = new Map<string, DetailParse>();
  for (const page of pages) {
    if (page === listingPage) continue;
    const callId = page.url ? callIdOf(page.url) : null;
    const detail = callId ? parseDetail(page.html) : null;
    if (!callId || !detail) {
      warnings.push(`${page.file}: not a call detail page (no call URL or no div#calldata)`);
      continue;
    }
    details.set(callId, detail);
  }
  const listed = new Set(listing.rows.map((row) => row.callId));
  for (const callId of details.keys()) {
    if (!listed.has(callId))
      warnings.push(`call ${callId}: detail page in the folder, not in the listing`);
  }
  return pollResultOf(listing.rows, details, input.settings, pages.length, warnings);
}

interface SavedPage {
  file: string;
  html: string;
  url: string | null;
}

async function savedPages(folder: string): Promise<SavedPage[]> {
  const files = (await readdir(folder)).filter((file) => /\.html?$/i.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const html = await readFile(path.join(folder, file), 'utf8');
      return { file, html, url: savedUrlOf(html) };
    }),
  );
}

/** `<!-- saved from url=(0093)https://… -->` (the count is the URL's length), or the canonical link. */
export function savedUrlOf(html: string): string | null {
  const saved = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 2000))?.[1];
  const canonical = saved ? null : load(html)('link[rel="canonical"]').attr('href');
  const url = saved ?? canonical ?? null;
  if (!url) return null;
  try {
    return new URL(url).toString();
  } catch {
    return null;
  }
}
