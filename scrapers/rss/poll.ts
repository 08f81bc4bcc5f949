import { SettingError } from '../source-kind.js';
import type { NormalisedCall, PollResult } from '../types.js';
import type { ParsedFeed } from './items.js';
import { isIncluded, normaliseEntry } from './normalise.js';
import type { RssSettings } from './settings.js';

/**
 * One poll's result from the feeds read (one live, or the files of a replay). `received`
 * counts every item, `skipped` the items `include` left out and repeated guids, so the
 * health check compares like with like from poll to poll.
 */
export function pollResultOf(
  feeds: Array<{ feed: ParsedFeed; url: string }>,
  settings: RssSettings,
  baseUrl: string,
  strict: boolean,
): PollResult {
  const records = new Map<string, NormalisedCall>();
  const warnings: string[] = [];
  let received = 0;
  for (const { feed, url } of feeds) {
    warnings.push(...feed.warnings);
    if (feed.entries.length === 0) warnings.push(`the feed at ${url} has no items`);
    for (const entry of feed.entries) {
      received += 1;
      if (records.has(entry.key) || !isIncluded(entry, settings.include)) continue;
      records.set(entry.key, normaliseEntry(entry, settings, baseUrl));
    }
  }
  if (received > 0 && records.size === 0 && settings.include.length > 0) {
    const message = `none of the ${received} items has ${settings.include.map((word) => `"${word}"`).join(', ')} in its title or categories`;
    if (strict) throw new SettingError('include', message);
    warnings.push(message);
  }
  if (strict && received === 0) throw new SettingError('baseUrl', 'the feed has no items');
  return {
    records: [...records.values()],
    pages: feeds.length,
    received,
    skipped: received - records.size,
    legacyRecords: 0,
    emptyPages: [],
    warnings,
  };
}
