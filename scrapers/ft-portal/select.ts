import { hasDeadlineAhead } from '../deadlines.js';
import type { NormalisedCall } from '../types.js';

/**
 * One record per natural key. Relevance paging repeats records on adjacent pages, and the
 * portal sometimes holds several copies of one topic (current and legacy index, or two
 * current copies) that disagree on deadlines. The copy with the latest deadline wins: a
 * deadline still ahead is what a municipality cannot afford to miss. On a tie the current
 * (SEDIA) copy wins over the legacy one.
 *
 * A legacy record with no current twin is kept only while one of its deadlines is ahead:
 * the legacy index is full of long-closed calls still flagged open, which must never
 * appear as new calls.
 */
export function selectCurrentRecords(records: NormalisedCall[], now: Date): NormalisedCall[] {
  const byKey = new Map<string, NormalisedCall>();
  for (const record of records) {
    const existing = byKey.get(record.naturalKey);
    if (!existing || preferred(record, existing)) byKey.set(record.naturalKey, record);
  }
  return [...byKey.values()].filter(
    (record) => !record.fromLegacyIndex || hasDeadlineAhead(record.deadlines, now),
  );
}

function lastDeadline(record: NormalisedCall): number {
  return Math.max(-Infinity, ...record.deadlines.map((deadline) => deadline.deadlineAt.getTime()));
}

function preferred(candidate: NormalisedCall, existing: NormalisedCall): boolean {
  const candidateLast = lastDeadline(candidate);
  const existingLast = lastDeadline(existing);
  if (candidateLast !== existingLast) return candidateLast > existingLast;
  return existing.fromLegacyIndex && !candidate.fromLegacyIndex;
}
