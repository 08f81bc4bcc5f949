import { createHash } from 'node:crypto';
import type { NormalisedCall } from '../../scrapers/types.js';

/**
 * Hash of everything ingestion stores for a call. Equal hash means nothing to write but
 * last_seen. Keys are listed explicitly so a new field changes the hash on purpose only.
 */
export function contentHashOf(call: NormalisedCall): string {
  const canonical = JSON.stringify([
    call.identifier,
    call.title,
    call.programmeCode,
    call.programmeName,
    call.callIdentifier,
    call.callTitle,
    call.typeOfAction,
    call.descriptionHtml,
    call.openingAt?.toISOString() ?? null,
    call.deadlines.map((deadline) => [
      deadline.stage,
      deadline.deadlineAt.toISOString(),
      deadline.timeZone,
    ]),
    call.budget,
    call.eligibleCountries,
    call.applicantTypes,
    call.tags,
    call.keywords,
    call.language,
    call.sourceUrl,
    call.links,
    call.programmeStrands,
    call.actionCategory,
    // Only calls with a regional area carry it, so adding it changed no portal call's hash.
    ...(call.eligibleRegions.length > 0 ? [call.eligibleRegions] : []),
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}
