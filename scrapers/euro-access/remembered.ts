import type { DetailParse } from './detail.js';
import type { ListingRow } from './listing.js';

/**
 * What the kind remembers per page (fetcher.remember), handed back on a 304. Tagged and
 * versioned: a parse stored by an older build is not trusted, the page is fetched again.
 */
export interface RememberedListing {
  kind: 'euro-access-listing';
  version: 1;
  rows: ListingRow[];
  problems: string[];
  /**
   * Detail URLs whose parse was stored with the poll that stored this listing: the rows to
   * read last, since a 304 hands their parse back anyway.
   */
  detailsRead: string[];
}

export interface RememberedDetail {
  kind: 'euro-access-detail';
  version: 1;
  /** Null when the page had no call data (remembered too, so a 304 does not re-read it). */
  detail: DetailParse | null;
}

export function rememberedListing(value: unknown): RememberedListing | null {
  if (!isTagged(value, 'euro-access-listing')) return null;
  const listing = value as Partial<RememberedListing>;
  return Array.isArray(listing.rows) &&
    Array.isArray(listing.problems) &&
    Array.isArray(listing.detailsRead)
    ? (listing as RememberedListing)
    : null;
}

export function rememberedDetail(value: unknown): RememberedDetail | null {
  if (!isTagged(value, 'euro-access-detail')) return null;
  const detail = (value as RememberedDetail).detail;
  return detail === null || (typeof detail === 'object' && Array.isArray(detail.regions))
    ? (value as RememberedDetail)
    : null;
}

function isTagged(value: unknown, kind: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === kind &&
    (value as { version?: unknown }).version === 1
  );
}
