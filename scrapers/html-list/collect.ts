import { createHash } from 'node:crypto';
import type { CollectInput, PageFetcher } from '../source-kind.js';
import type { PollResult } from '../types.js';
import { extractListing, type ListingPage } from './extract.js';
import { normaliseListings } from './normalise.js';
import type { HtmlListSettings } from './settings.js';
import { assertSettingsYield } from './validate.js';

/** What is remembered for a 304: the page's items, and the selectors they were read with. */
interface RememberedListing extends ListingPage {
  selectors: string;
}

/**
 * One conditional GET of the listing page. A 304 hands back the items read last time, and
 * their dates are read again for this poll (a date without a year depends on the day); items
 * read with other selectors than today's settings are not reused: the page is fetched again.
 */
export async function collectHtmlList(input: CollectInput<HtmlListSettings>): Promise<PollResult> {
  const { fetcher, baseUrl, settings, now } = input;
  const page = await listingPage(fetcher, baseUrl, settings);
  const listing = normaliseListings([page], settings, now);
  if (input.strict) assertSettingsYield(page, listing, settings);
  const warnings = [...listing.warnings];
  if (page.items.length === 0)
    warnings.push(
      `item "${settings.item}" matched nothing on ${page.url}: the layout may have changed`,
    );
  return {
    records: listing.records,
    pages: 1,
    received: listing.received,
    skipped: listing.skipped,
    legacyRecords: 0,
    emptyPages: [],
    warnings,
  };
}

async function listingPage(
  fetcher: PageFetcher,
  baseUrl: string,
  settings: HtmlListSettings,
): Promise<ListingPage> {
  const selectors = selectorsFingerprint(settings);
  let fetched = await fetcher.get(baseUrl, { conditional: true });
  if (fetched.notModified) {
    const remembered = rememberedListing(fetched.remembered, selectors);
    if (remembered) return remembered;
    fetched = await fetcher.get(baseUrl);
  }
  if (fetched.notModified) throw new Error(`${baseUrl} answered 304 to an unconditional GET`);
  const page = extractListing(fetched.body, fetched.url, settings);
  const remember: RememberedListing = { ...page, selectors };
  fetcher.remember(baseUrl, remember);
  return page;
}

function selectorsFingerprint(settings: HtmlListSettings): string {
  const { item, title, link, deadline, opening, summary } = settings;
  const text = JSON.stringify([item, title, link, deadline, opening, summary]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The remembered items if they have the shape written above and today's selectors. */
function rememberedListing(value: unknown, selectors: string): ListingPage | null {
  if (typeof value !== 'object' || value === null) return null;
  const remembered = value as Partial<RememberedListing>;
  if (remembered.selectors !== selectors || typeof remembered.url !== 'string') return null;
  if (!Array.isArray(remembered.items)) return null;
  return { url: remembered.url, items: remembered.items };
}
