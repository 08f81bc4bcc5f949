import { BlockedAddressError, HttpRequestError } from '../http/errors.js';
import {
  type CollectInput,
  type FreshPage,
  type PageFetcher,
  SettingError,
} from '../source-kind.js';
import type { PollResult } from '../types.js';
import { type DetailParse, parseDetail } from './detail.js';
import { type ListingRow, parseListing } from './listing.js';
import {
  type RememberedDetail,
  type RememberedListing,
  rememberedDetail,
  rememberedListing,
} from './remembered.js';
import { layoutChangedResult, pollResultOf } from './result.js';
import type { EuroAccessSettings } from './settings.js';

/**
 * One poll: the listing (conditional), then the rows' detail pages (conditional). A 304 hands
 * back the parse remembered with the last applied poll and costs the site no page, so the
 * politeness budget (settings.maxDetailPages) counts the pages of calls not read before that
 * come back fresh: a new 142-call listing is read over three polls, not in one burst. Rows
 * left over are normalised from the listing alone (thin) until a later poll reads them.
 */
export async function collectEuroAccess(
  input: CollectInput<EuroAccessSettings>,
): Promise<PollResult> {
  const { fetcher, baseUrl, settings } = input;
  const listing = await readListing(fetcher, baseUrl);
  if (!listing) {
    if (input.strict)
      throw new SettingError(
        'baseUrl',
        `${baseUrl} has no table#calls-overview: not a Euro-Access calls listing`,
      );
    return layoutChangedResult(baseUrl, 1);
  }
  if (input.strict && listing.memo.rows.length === 0)
    throw new SettingError('baseUrl', `the calls table at ${baseUrl} lists no call`);
  const warnings = [...listing.memo.problems];
  const reading = await readDetails(fetcher, listing.memo, settings.maxDetailPages, warnings);
  if (listing.fresh) {
    // Remembered now, after the details: the next poll whose listing is 304 knows which rows
    // it will get back from remembered parses.
    fetcher.remember(baseUrl, { ...listing.memo, detailsRead: reading.stored });
  }
  return pollResultOf(listing.memo.rows, reading.details, settings, 1 + reading.pages, warnings);
}

interface ListingReading {
  memo: RememberedListing;
  fresh: boolean;
}

async function readListing(fetcher: PageFetcher, url: string): Promise<ListingReading | null> {
  const page = await fetcher.get(url, { conditional: true });
  if (page.notModified) {
    const memo = rememberedListing(page.remembered);
    if (memo) return { memo, fresh: false };
  }
  const fresh = page.notModified ? await getFresh(fetcher, url) : page;
  const parse = parseListing(fresh.body, fresh.url);
  if (!parse) return null;
  const memo: RememberedListing = {
    kind: 'euro-access-listing',
    version: 1,
    ...parse,
    detailsRead: [],
  };
  return { memo, fresh: true };
}

/** A page whose remembered parse is unusable (an older build's): fetched whole. */
async function getFresh(fetcher: PageFetcher, url: string): Promise<FreshPage> {
  const page = await fetcher.get(url);
  if (page.notModified) throw new Error(`${url} answered 304 to an unconditional request`);
  return page;
}

/**
 * Detail pages failing one after another with errors that retries did not cure (5xx, 429,
 * timeouts): the site is down, not one page gone. The poll fails instead of returning every
 * later call thin (its call number, dates and countries would vanish until the next poll).
 */
const MAX_FAILURES_IN_A_ROW = 3;

interface DetailReading {
  details: Map<string, DetailParse>;
  /** Detail URLs whose parse is stored once this poll is applied (fresh or 304). */
  stored: string[];
  pages: number;
}

async function readDetails(
  fetcher: PageFetcher,
  listing: RememberedListing,
  maxNewPages: number,
  warnings: string[],
): Promise<DetailReading> {
  const reading: DetailReading = { details: new Map(), stored: [], pages: 0 };
  const readBefore = new Set(listing.detailsRead);
  let newPages = 0;
  let leftForLater = 0;
  let failuresInARow = 0;
  for (const row of readingOrder(listing, readBefore)) {
    const known = readBefore.has(row.detailUrl);
    if (!known && newPages >= maxNewPages) {
      leftForLater += 1;
      continue;
    }
    let outcome: DetailOutcome;
    try {
      outcome = await readDetail(fetcher, row);
    } catch (error) {
      if (!(error instanceof HttpRequestError || error instanceof BlockedAddressError)) throw error;
      failuresInARow =
        error instanceof HttpRequestError && error.retryable ? failuresInARow + 1 : 0;
      if (failuresInARow >= MAX_FAILURES_IN_A_ROW)
        throw new Error(
          `${failuresInARow} Euro-Access detail pages in a row failed, the last with: ${error.message}`,
          { cause: error },
        );
      warnings.push(`call ${row.callId}: detail page not read (${error.message})`);
      continue;
    }
    failuresInARow = 0;
    reading.pages += 1;
    if (!known && outcome.fresh) newPages += 1;
    reading.stored.push(row.detailUrl);
    if (outcome.detail) reading.details.set(row.callId, outcome.detail);
    else warnings.push(`call ${row.callId}: ${row.detailUrl} has no call data (div#calldata)`);
  }
  if (leftForLater > 0)
    warnings.push(
      `${newPages} new detail pages read (maxDetailPages), ${leftForLater} left for later polls`,
    );
  return reading;
}

/**
 * Rows never read first (in listing order), then those read before. A row read before is
 * always asked again, conditionally, whatever the budget: its 304 costs the site no page,
 * and skipping it would turn a described call thin (its call number, dates and countries
 * gone until the next poll). Which rows were read before is known from the listing's
 * remembered parse, so on a poll whose listing answered 304; after a changed listing every
 * row counts as new, and those whose page is unchanged still cost only a 304.
 */
function readingOrder(listing: RememberedListing, readBefore: ReadonlySet<string>): ListingRow[] {
  return [
    ...listing.rows.filter((row) => !readBefore.has(row.detailUrl)),
    ...listing.rows.filter((row) => readBefore.has(row.detailUrl)),
  ];
}

interface DetailOutcome {
  detail: DetailParse | null;
  fresh: boolean;
}

async function readDetail(fetcher: PageFetcher, row: ListingRow): Promise<DetailOutcome> {
  const page = await fetcher.get(row.detailUrl, { conditional: true });
  if (page.notModified) {
    const memo = rememberedDetail(page.remembered);
    if (memo) return { detail: memo.detail, fresh: false };
  }
  const fresh = page.notModified ? await getFresh(fetcher, row.detailUrl) : page;
  const detail = parseDetail(fresh.body);
  const memo: RememberedDetail = { kind: 'euro-access-detail', version: 1, detail };
  fetcher.remember(row.detailUrl, memo);
  return { detail, fresh: true };
}
