import type { CallDefaults } from '../kind-settings.js';
import type { NormalisedCall, PollResult } from '../types.js';
import { normaliseHit } from './normalise.js';
import type { AlgoliaResultPage } from './parse.js';

/**
 * The calls in a poll's answer pages (live or replayed): one per objectID, first seen
 * wins, and a warning when Algolia announced more hits than arrived (a page cap, or a
 * recording trimmed by hand, as the shared one is). `pages` counts Algolia's answer
 * pages, where the records come from; the calls page and its scripts are not counted.
 */
export function recordsOf(
  pages: AlgoliaResultPage[],
  context: { baseUrl: string; defaults: CallDefaults },
): PollResult {
  const warnings: string[] = [];
  const records: NormalisedCall[] = [];
  const seen = new Set<string>();
  let received = 0;
  let skipped = 0;
  const emptyPages: number[] = [];
  for (const [index, page] of pages.entries()) {
    if (page.hits.length === 0 && index > 0) emptyPages.push(page.page ?? index);
    for (const hit of page.hits) {
      received += 1;
      const call = normaliseHit(hit, { ...context, warn: (message) => warnings.push(message) });
      if (!call || seen.has(call.naturalKey)) {
        skipped += 1;
        continue;
      }
      seen.add(call.naturalKey);
      records.push(call);
    }
  }
  const announced = pages[0]?.nbHits ?? null;
  if (announced !== null && announced > received)
    warnings.push(`Algolia announced ${announced} calls, ${received} arrived`);
  return {
    records,
    pages: pages.length,
    received,
    skipped,
    legacyRecords: 0,
    emptyPages,
    warnings,
  };
}
