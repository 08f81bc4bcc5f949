import { type CheerioAPI, load } from 'cheerio';
import { findDateText } from './dates.js';

/** One row of the calls table, as the page states it (dates stay text: parses are JSON-safe). */
export interface ListingRow {
  /** Euro-Access's own call number, from the detail URL `/en/calls/<id>/<slug>`. */
  callId: string;
  title: string;
  programme: string | null;
  /** Absolute: the href resolved against the listing's URL. */
  detailUrl: string;
  /** `DD.MM.YYYY HH:MM` as written, or null when the cell holds no date. */
  deadline: string | null;
}

export interface ListingParse {
  rows: ListingRow[];
  /** Rows that could not be read (no link, no call id): for the run's warnings. */
  problems: string[];
}

/** The id in a detail URL; null for any other link. */
export function callIdOf(url: string): string | null {
  try {
    return /\/calls\/(\d+)(?:\/|$)/.exec(new URL(url).pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Whether the page is a Euro-Access calls listing at all (its table is the layout's anchor). */
export function isListingPage(html: string): boolean {
  return load(html)('table#calls-overview').length > 0;
}

/**
 * The rows of `table#calls-overview`: programme in `td.title`, the call's title and link in
 * the second cell, the deadline in the third. Null when the table is missing (the layout
 * changed, or the page is something else): the caller decides how loud to be.
 */
export function parseListing(html: string, pageUrl: string): ListingParse | null {
  const $ = load(html);
  const table = $('table#calls-overview');
  if (table.length === 0) return null;
  const rows: ListingRow[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  table.find('tbody tr').each((index, element) => {
    const row = readRow($(element).children('td'), pageUrl);
    if (typeof row === 'string') problems.push(`listing row ${index + 1}: ${row}`);
    else if (seen.has(row.callId))
      problems.push(`listing row ${index + 1}: call ${row.callId} repeats`);
    else {
      seen.add(row.callId);
      rows.push(row);
    }
  });
  return { rows, problems };
}

/** A selection of elements (cheerio's type for what `children()` returns). */
export type Elements = ReturnType<ReturnType<CheerioAPI['root']>['children']>;

function readRow(cells: Elements, pageUrl: string): ListingRow | string {
  const link = cells.eq(1).find('a[href]').first();
  const href = link.attr('href');
  if (!href) return 'no call link in the second cell';
  let detailUrl: string;
  try {
    detailUrl = new URL(href, pageUrl).toString();
  } catch {
    return `the link "${href}" is not a URL`;
  }
  const callId = callIdOf(detailUrl);
  if (!callId) return `the link ${detailUrl} is not a call page (/calls/<id>/…)`;
  const title = clean(link.text()) || clean(link.attr('title') ?? '');
  if (!title) return `call ${callId} has no title`;
  return {
    callId,
    title,
    programme: clean(cells.filter('.title').first().text()) || null,
    detailUrl,
    deadline: findDateText(cells.eq(2).text()),
  };
}

export function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
