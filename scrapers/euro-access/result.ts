import type { NormalisedCall, PollResult } from '../types.js';
import type { DetailParse } from './detail.js';
import type { ListingRow } from './listing.js';
import { normaliseCall } from './normalise.js';
import type { EuroAccessSettings } from './settings.js';

/** One poll's records: every listing row, with its detail where one was read or remembered. */
export function pollResultOf(
  rows: readonly ListingRow[],
  details: ReadonlyMap<string, DetailParse>,
  settings: EuroAccessSettings,
  pages: number,
  warnings: string[],
): PollResult {
  const records: NormalisedCall[] = [];
  for (const row of rows) {
    const normalised = normaliseCall(row, details.get(row.callId) ?? null, settings);
    records.push(normalised.record);
    warnings.push(...normalised.warnings);
  }
  const thin = records.filter((record) => record.thin).length;
  if (thin > 0) warnings.push(`${thin} of ${records.length} calls have no detail page read yet`);
  return {
    records,
    pages,
    received: rows.length,
    skipped: 0,
    legacyRecords: 0,
    emptyPages: [],
    warnings,
  };
}

/** A listing whose calls table is gone: no records, so ingestion marks the source degraded. */
export function layoutChangedResult(url: string, pages: number): PollResult {
  return {
    records: [],
    pages,
    received: 0,
    skipped: 0,
    legacyRecords: 0,
    emptyPages: [],
    warnings: [`${url} has no table#calls-overview: the listing's layout changed`],
  };
}
