import type { NormalisedCall } from '../types.js';

/**
 * One record per natural key. A current (SEDIA) record always wins over its legacy copy.
 * A legacy record with no current twin is kept only while one of its deadlines is ahead:
 * the legacy index is full of long-closed calls still flagged open, which must never
 * appear as new calls. Relevance paging also repeats records on adjacent pages.
 */
export function selectCurrentRecords(records: NormalisedCall[], now: Date): NormalisedCall[] {
  const byKey = new Map<string, NormalisedCall>();
  for (const record of records) {
    const existing = byKey.get(record.naturalKey);
    if (!existing || (existing.fromLegacyIndex && !record.fromLegacyIndex)) {
      byKey.set(record.naturalKey, record);
    }
  }
  return [...byKey.values()].filter(
    (record) =>
      !record.fromLegacyIndex || record.deadlines.some((deadline) => deadline.deadlineAt >= now),
  );
}
