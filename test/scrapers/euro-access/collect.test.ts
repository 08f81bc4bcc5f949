import { load } from 'cheerio';
import { afterEach, describe, expect, it } from 'vitest';
import { euroAccessKind } from '../../../scrapers/euro-access/index.js';
import { HttpRequestError } from '../../../scrapers/http/errors.js';
import { PollFetcher, type StoredPage } from '../../../scrapers/http/page-fetcher.js';
import { SettingError } from '../../../scrapers/source-kind.js';
import { type PageServer, startPageServer } from '../../helpers/page-server.js';
import { testHttpClient } from '../../helpers/workers.js';
import { DETAIL_2351_PATH, detail135Html, listingHtml, twoStageHtml } from './recordings.js';

const LISTING_PATH = '/en/calls';
const DETAIL_135_PATH = '/en/calls/135/Erasmus-Charter-for-Higher-Education-5th-cut-off-date';
const DETAIL_1603_PATH =
  '/en/calls/1603/Interreg-CZ-PL-Priority-3-Bridges-last-cut-off-date-Call-full-proposal';
const HTML = 'text/html; charset=utf-8';
const http = testHttpClient();
const now = new Date('2025-11-01T00:00:00Z');

/**
 * The recorded listing, its absolute links pointed at the local server, cut to the calls
 * named (in the recorded order): a poll's every request is then one the test serves or 404s.
 */
function listingFor(origin: string, callIds: string[] | 'all'): string {
  const $ = load(listingHtml.replaceAll('https://www.euro-access.eu', origin));
  if (callIds !== 'all') {
    $('table#calls-overview tbody tr').each((_, row) => {
      const href = $(row).find('td').eq(1).find('a').attr('href') ?? '';
      if (!callIds.some((id) => href.includes(`/calls/${id}/`))) $(row).remove();
    });
  }
  return $.html();
}

let server: PageServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Listing with calls 135, 1603 and 2351; detail pages for 135 (recorded) and 2351 (written). */
async function startSite(): Promise<PageServer> {
  server = await startPageServer();
  server.set(LISTING_PATH, {
    body: listingFor(server.origin, ['135', '1603', '2351']),
    contentType: HTML,
  });
  server.set(DETAIL_135_PATH, { body: detail135Html, contentType: HTML });
  server.set(DETAIL_2351_PATH, { body: twoStageHtml, contentType: HTML });
  return server;
}

async function poll(
  site: PageServer,
  known: ReadonlyMap<string, StoredPage> = new Map(),
  rawSettings: Record<string, unknown> = {},
  strict = false,
) {
  const fetcher = new PollFetcher(http, known, { publicAddressesOnly: false });
  const result = await euroAccessKind.collect({
    fetcher,
    baseUrl: site.url(LISTING_PATH),
    settings: euroAccessKind.parseSettings(rawSettings),
    now,
    strict,
  });
  return { result, fetcher };
}

function pathsSince(site: PageServer, from: number): string[] {
  // The fetcher's robots.txt requests are the politeness layer's, not the kind's.
  return site.requests
    .slice(from)
    .map((request) => request.path)
    .filter((path) => path !== '/robots.txt');
}

describe('Euro-Access collect against a local server', () => {
  it('reads the listing and the detail pages; a missing detail leaves its call thin', async () => {
    const site = await startSite();
    const { result, fetcher } = await poll(site);
    expect(result.records.map((record) => [record.naturalKey, record.thin])).toEqual([
      ['euro-access:135', false],
      ['euro-access:1603', true],
      ['euro-access:2351', false],
    ]);
    const call135 = result.records[0];
    expect(call135?.identifier).toBe('ERASMUS-EDU-2022-ECHE-CERT-FP');
    expect(call135?.sourceUrl).toBe(site.url(DETAIL_135_PATH));
    expect(call135?.links[0]).toEqual({ label: 'Euro-Access', url: site.url(DETAIL_135_PATH) });
    expect(result).toMatchObject({ received: 3, skipped: 0, pages: 3, emptyPages: [] });
    expect(result.warnings).toEqual([
      expect.stringMatching(/^call 1603: detail page not read \(.*404/),
      '1 of 3 calls have no detail page read yet',
    ]);
    expect([...fetcher.pagesToStore().keys()].sort()).toEqual(
      [site.url(LISTING_PATH), site.url(DETAIL_135_PATH), site.url(DETAIL_2351_PATH)].sort(),
    );
  });

  it('answers a second, unchanged poll from the remembered parses (304 throughout)', async () => {
    const site = await startSite();
    const first = await poll(site);
    const before = site.requests.length;
    const second = await poll(site, first.fetcher.pagesToStore());
    expect(second.fetcher.allNotModified()).toBe(true);
    expect(second.result.records).toEqual(first.result.records);
    const conditional = site.requests
      .slice(before)
      .filter((request) => request.headers['if-none-match']);
    expect(conditional.map((request) => request.path).sort()).toEqual(
      [LISTING_PATH, DETAIL_135_PATH, DETAIL_2351_PATH].sort(),
    );
  });

  it('reads a changed detail page again and keeps the others from remembered parses', async () => {
    const site = await startSite();
    const first = await poll(site);
    site.set(DETAIL_135_PATH, {
      body: detail135Html.replace('27.01.2026 17:00</p>', '27.01.2026 12:00</p>'),
      contentType: HTML,
    });
    const second = await poll(site, first.fetcher.pagesToStore());
    expect(second.fetcher.allNotModified()).toBe(false);
    expect(second.result.records[0]?.deadlines[0]?.deadlineAt.toISOString()).toBe(
      '2026-01-27T11:00:00.000Z',
    );
    expect(second.result.records[2]).toEqual(first.result.records[2]);
    expect([...second.fetcher.pagesToStore().keys()]).toEqual([site.url(DETAIL_135_PATH)]);
  });

  it('reads at most maxDetailPages new detail pages a poll, new calls first', async () => {
    const site = await startSite();
    const first = await poll(site, new Map(), { maxDetailPages: 1 });
    expect(first.result.records.map((record) => record.thin)).toEqual([false, true, true]);
    expect(first.result.warnings).toContain(
      '1 new detail pages read (maxDetailPages), 2 left for later polls',
    );
    expect(pathsSince(site, 0)).toEqual([LISTING_PATH, DETAIL_135_PATH]);

    const before = site.requests.length;
    const second = await poll(site, first.fetcher.pagesToStore(), { maxDetailPages: 1 });
    // Calls never read go first (1603 is 404, no page counted; 2351 spends the budget); 135,
    // read before, is asked last and answers 304 with its remembered parse.
    expect(pathsSince(site, before)).toEqual([
      LISTING_PATH,
      DETAIL_1603_PATH,
      DETAIL_2351_PATH,
      DETAIL_135_PATH,
    ]);
    expect(second.result.records.map((record) => record.thin)).toEqual([false, true, false]);
    expect(second.result.records[0]).toEqual(first.result.records[0]);
  });

  it('reads the whole recorded listing; with maxDetailPages 0 it asks for no detail page', async () => {
    server = await startPageServer();
    server.set(LISTING_PATH, { body: listingFor(server.origin, 'all'), contentType: HTML });
    const { result } = await poll(server, new Map(), { maxDetailPages: 0 });
    const bodyRows = load(listingHtml)('table#calls-overview tbody tr').length;
    expect(result.records).toHaveLength(bodyRows);
    expect(result.records.every((record) => record.thin)).toBe(true);
    expect(new Set(result.records.map((record) => record.naturalKey)).size).toBe(bodyRows);
    expect(pathsSince(server, 0)).toEqual([LISTING_PATH]);
    expect(result.warnings).toContain(
      `0 new detail pages read (maxDetailPages), ${bodyRows} left for later polls`,
    );
  });

  it('fetches a page whose remembered parse is unusable again, whole', async () => {
    const site = await startSite();
    site.set(LISTING_PATH, {
      body: listingFor(site.origin, ['135', '1603', '2351']),
      contentType: HTML,
      etag: '"listing-v1"',
    });
    const known = new Map<string, StoredPage>([
      [
        site.url(LISTING_PATH),
        { etag: '"listing-v1"', lastModified: null, remembered: { rows: 3 } },
      ],
    ]);
    const { result } = await poll(site, known);
    expect(result.records).toHaveLength(3);
    const listingRequests = site.requests.filter((request) => request.path === LISTING_PATH);
    expect(listingRequests.map((request) => request.headers['if-none-match'] ?? null)).toEqual([
      '"listing-v1"',
      null,
    ]);
  });

  it('returns no calls and says why when the listing lost its table (layout changed)', async () => {
    server = await startPageServer({ [LISTING_PATH]: { body: detail135Html, contentType: HTML } });
    const { result, fetcher } = await poll(server);
    expect(result.records).toEqual([]);
    expect(result.received).toBe(0);
    expect(result.warnings).toEqual([
      `${server.url(LISTING_PATH)} has no table#calls-overview: the listing's layout changed`,
    ]);
    // Not remembered: the next poll reads the page again instead of trusting a 304.
    expect(fetcher.pagesToStore().size).toBe(0);
  });

  it('throws a SettingError naming baseUrl in strict mode, for no table or no rows', async () => {
    server = await startPageServer({ [LISTING_PATH]: { body: detail135Html, contentType: HTML } });
    const noTable = poll(server, new Map(), {}, true);
    await expect(noTable).rejects.toBeInstanceOf(SettingError);
    await expect(noTable).rejects.toMatchObject({ setting: 'baseUrl' });

    const empty = listingFor(server.origin, []);
    server.set(LISTING_PATH, { body: empty, contentType: HTML });
    await expect(poll(server, new Map(), {}, true)).rejects.toThrow(
      /^baseUrl: the calls table at .* lists no call$/,
    );
  });

  it('fails the poll with the HTTP error when the listing cannot be fetched', async () => {
    server = await startPageServer({
      [LISTING_PATH]: { body: 'unavailable', contentType: 'text/plain', status: 503 },
    });
    const failed = poll(server);
    await expect(failed).rejects.toBeInstanceOf(HttpRequestError);
    await expect(failed).rejects.toMatchObject({ status: 503 });
  });

  it('fails the poll when detail pages keep failing (the site is down), not one by one', async () => {
    const site = await startSite();
    for (const path of [DETAIL_135_PATH, DETAIL_1603_PATH, DETAIL_2351_PATH])
      site.set(path, { body: 'busy', contentType: 'text/plain', status: 503 });
    await expect(poll(site)).rejects.toThrow(
      /^3 Euro-Access detail pages in a row failed, the last with: .*503/,
    );
  });

  it('rejects wrong settings by name', () => {
    expect(euroAccessKind.parseSettings({})).toMatchObject({
      maxDetailPages: 60,
      timeZone: 'Europe/Brussels',
      language: 'en',
      eligibleCountries: [],
    });
    expect(() => euroAccessKind.parseSettings({ timeZone: 'Mars/Olympus' })).toThrow(/^timeZone: /);
    expect(() => euroAccessKind.parseSettings({ maxDetailPages: -1 })).toThrow(/^maxDetailPages: /);
  });
});
