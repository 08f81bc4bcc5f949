import { createHash } from 'node:crypto';
import { htmlToText, sanitizeHtml } from '../html.js';
import { outsideThePortal } from '../kind-settings.js';
import { type ParsedProseDate, parseProseDate } from '../prose-dates.js';
import type { NormalisedCall, NormalisedDeadline } from '../types.js';
import type { ListingItem, ListingPage } from './extract.js';
import type { HtmlListSettings } from './settings.js';

export interface NormalisedListing {
  records: NormalisedCall[];
  received: number;
  skipped: number;
  warnings: string[];
  /** For the strict check: items with a deadline text, and the first text none parsed. */
  deadlineStats: { withText: number; parsed: number; firstUnparsed: string | null };
}

/** The calls of one or more listing pages (a replay reads several), first sighting wins. */
export function normaliseListings(
  pages: ListingPage[],
  settings: HtmlListSettings,
  now: Date,
): NormalisedListing {
  const records: NormalisedCall[] = [];
  const keys = new Set<string>();
  const counts = { untitled: 0, duplicates: 0, undated: 0 };
  const deadlineStats: NormalisedListing['deadlineStats'] = {
    withText: 0,
    parsed: 0,
    firstUnparsed: null,
  };
  for (const page of pages) {
    for (const item of page.items) {
      if (!item.title) {
        counts.untitled += 1;
        continue;
      }
      const deadlines = deadlinesOf(item, settings, now);
      if (item.deadlineTexts.length) deadlineStats.withText += 1;
      if (deadlines.length) deadlineStats.parsed += 1;
      else {
        counts.undated += 1;
        deadlineStats.firstUnparsed ??= item.deadlineTexts[0] ?? null;
      }
      const record = callOf(item, item.title, deadlines, page.url, settings, now);
      if (keys.has(record.naturalKey)) {
        counts.duplicates += 1;
        continue;
      }
      keys.add(record.naturalKey);
      records.push(record);
    }
  }
  const received = pages.reduce((sum, page) => sum + page.items.length, 0);
  return {
    records,
    received,
    skipped: counts.untitled + counts.duplicates,
    warnings: warningsFor(counts, received, settings),
    deadlineStats,
  };
}

function warningsFor(
  counts: { untitled: number; duplicates: number; undated: number },
  received: number,
  settings: HtmlListSettings,
): string[] {
  const warnings: string[] = [];
  if (counts.untitled)
    warnings.push(
      `${counts.untitled} of ${received} items had no title ("${settings.title}") and were skipped`,
    );
  if (counts.undated)
    warnings.push(
      `${counts.undated} of ${received} items had no deadline that parsed ("${settings.deadline}"): kept without a deadline`,
    );
  if (counts.duplicates)
    warnings.push(
      `${counts.duplicates} items had the natural key (${settings.naturalKey}) of an earlier item and were skipped`,
    );
  return warnings;
}

function dateOptions(settings: HtmlListSettings, now: Date) {
  return {
    language: settings.dateLanguage ?? undefined,
    format: settings.dateFormat ?? undefined,
    timeZone: settings.timeZone,
    now,
  };
}

/** One stage per deadline element that parses, in time order, the same instant once. */
function deadlinesOf(
  item: ListingItem,
  settings: HtmlListSettings,
  now: Date,
): NormalisedDeadline[] {
  const parsed = item.deadlineTexts
    .map((text) => parseProseDate(text, dateOptions(settings, now)))
    .filter((date): date is ParsedProseDate => date !== null)
    .sort((a, b) => a.instant.getTime() - b.instant.getTime())
    .filter(
      (date, index, all) =>
        index === 0 || date.instant.getTime() !== all[index - 1]?.instant.getTime(),
    );
  return parsed.map((date, index) => ({
    stage: index + 1,
    deadlineAt: date.instant,
    localDate: date.localDate,
    timeZone: date.timeZone,
  }));
}

function callOf(
  item: ListingItem,
  title: string,
  deadlines: NormalisedDeadline[],
  pageUrl: string,
  settings: HtmlListSettings,
  now: Date,
): NormalisedCall {
  const naturalKey = naturalKeyOf(item, title, deadlines, settings);
  const url = item.link ?? pageUrl;
  const descriptionHtml = item.summaryHtml ? sanitizeHtml(item.summaryHtml) : '';
  const descriptionText = htmlToText(descriptionHtml);
  const opening = item.openingText
    ? parseProseDate(item.openingText, {
        ...dateOptions(settings, now),
        withoutTime: 'start-of-day',
      })
    : null;
  return {
    ...outsideThePortal(settings),
    naturalKey,
    identifier: identifierOf(naturalKey, url, settings),
    title,
    descriptionText,
    descriptionHtml,
    openingAt: opening?.instant ?? null,
    deadlines,
    sourceUrl: url,
    links: [{ label: 'Programme page', url }],
    thin: descriptionText === '',
  };
}

/**
 * The item's absolute link, which a site keeps while it edits a call's title or deadline;
 * `title#deadline` for an item without a link (the deadline tells apart two rounds of one
 * call title); the title alone when an admin says links are shared.
 */
function naturalKeyOf(
  item: ListingItem,
  title: string,
  deadlines: NormalisedDeadline[],
  settings: HtmlListSettings,
): string {
  if (settings.naturalKey === 'title') return title;
  if (item.link) return item.link;
  return `${title}#${deadlines[0]?.localDate ?? item.deadlineTexts[0] ?? ''}`;
}

/**
 * Readable and stable: the programme code (or the site's host) and a short hash of the
 * natural key, e.g. "EUI-3f2a9c1d" or "interregnorthsea.eu-3f2a9c1d". The page names no call
 * number a generic reader could trust, so no identifier of the programme's own is claimed.
 */
function identifierOf(naturalKey: string, url: string, settings: HtmlListSettings): string {
  const hash = createHash('sha256').update(naturalKey).digest('hex').slice(0, 8);
  const prefix = settings.programmeCode ?? new URL(url).hostname.replace(/^www\./, '');
  return `${prefix}-${hash}`;
}
