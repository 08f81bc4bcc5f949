import { afterEach, describe, expect, it } from 'vitest';
import { PollFetcher, type StoredPage } from '../../../scrapers/http/page-fetcher.js';
import { interregAlgoliaKind } from '../../../scrapers/interreg-algolia/index.js';
import { SettingError } from '../../../scrapers/source-kind.js';
import { type PageServer, startPageServer } from '../../helpers/page-server.js';
import { testHttpClient } from '../../helpers/workers.js';
import { type AlgoliaStandIn, startAlgoliaStandIn } from './algolia-stand-in.js';
import { PAGE_API_KEY, PAGE_APP_ID, pageFile, recordedHits, recordingBody } from './fixtures.js';

const CALLS_PAGE = '/calls-for-projects/';
const QUERIES = `/${PAGE_APP_ID}/1/indexes/*/queries`;
const NOW = new Date('2026-08-10T00:00:00Z');
const html = (body: string) => ({ body, contentType: 'text/html; charset=utf-8' });
const json = (body: string, status = 200) => ({
  body,
  contentType: 'application/json; charset=UTF-8',
  etag: null,
  status,
});

let server: PageServer | undefined;
let standIn: AlgoliaStandIn | undefined;
const http = testHttpClient();

afterEach(async () => {
  await server?.close();
  await standIn?.close();
  server = undefined;
  standIn = undefined;
});

function fetcherWith(known: Map<string, StoredPage> = new Map()): PollFetcher {
  return new PollFetcher(http, known, { publicAddressesOnly: false });
}

async function collect(
  fetcher: PollFetcher,
  settings: Record<string, unknown>,
  options: { strict?: boolean } = {},
) {
  return interregAlgoliaKind.collect({
    fetcher,
    baseUrl: (server as PageServer).url(CALLS_PAGE),
    settings: interregAlgoliaKind.parseSettings(settings),
    now: NOW,
    ...options,
  });
}

/** What the kind asked for: the fetcher's robots.txt requests are the politeness layer's. */
function pageRequests() {
  return (server as PageServer).requests.filter((request) => request.path !== '/robots.txt');
}

/** The page server's log without the method and body noise: what was asked, in order. */
function asked(): string[] {
  return pageRequests().map((request) => `${request.method} ${request.path}`);
}

describe('interreg-algolia collect: the calls page, then the Algolia query', () => {
  it('reads the key from the page and POSTs the widget’s query with it', async () => {
    server = await startPageServer({
      [CALLS_PAGE]: html(pageFile('calls-for-projects.html')),
      [QUERIES]: json(recordingBody),
    });
    const fetcher = fetcherWith();
    const result = await collect(fetcher, {
      searchUrl: server.url('/{appId}/1/indexes/*/queries'),
    });

    expect(result.records.map((record) => record.title)).toEqual(
      recordedHits.map((hit) => hit.title),
    );
    expect(result.records[0]?.sourceUrl).toBe(server.url(recordedHits[0]?.contentUrl ?? ''));
    expect(result.records[0]?.deadlines[0]?.deadlineAt.toISOString()).toBe(
      '2026-09-30T00:00:00.000Z',
    );
    expect(result.pages).toBe(1);
    expect(result.emptyPages).toEqual([]);
    expect(result.legacyRecords).toBe(0);
    expect(asked()).toEqual([`GET ${CALLS_PAGE}`, `POST ${QUERIES}`]);

    const post = pageRequests()[1];
    expect(post?.headers['x-algolia-application-id']).toBe(PAGE_APP_ID);
    expect(post?.headers['x-algolia-api-key']).toBe(PAGE_API_KEY);
    expect(post?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post?.body ?? '')).toEqual({
      requests: [
        {
          indexName: 'prod_en-us_content',
          filters:
            'contentType:callForProjectsPage AND (callStatus:Open OR callStatus:Forthcoming)',
          hitsPerPage: 500,
          query: '',
          page: 0,
        },
      ],
    });
  });

  it('reads the page again at the next poll, which is never “not modified” as a whole', async () => {
    server = await startPageServer({
      [CALLS_PAGE]: html(pageFile('calls-for-projects.html')),
      [QUERIES]: json(recordingBody),
    });
    const settings = { searchUrl: server.url('/{appId}/1/indexes/*/queries') };
    const first = fetcherWith();
    await collect(first, settings);
    // The calls page is read plainly (a 304 there would hide the POST's fresh answer).
    const second = fetcherWith(first.pagesToStore());
    const again = await collect(second, settings);
    expect(again.records).toHaveLength(recordedHits.length);
    expect(second.allNotModified()).toBe(false);
    expect(pageRequests()[2]?.headers['if-none-match']).toBeUndefined();
    expect(asked()).toEqual([
      `GET ${CALLS_PAGE}`,
      `POST ${QUERIES}`,
      `GET ${CALLS_PAGE}`,
      `POST ${QUERIES}`,
    ]);
  });

  it('finds the key in the page’s own bundle when the markup has none', async () => {
    server = await startPageServer({
      [CALLS_PAGE]: html(pageFile('calls-for-projects.bundled.html')),
      '/js/main.bundle.js': { body: pageFile('js/main.bundle.js'), contentType: 'text/javascript' },
      '/js/calls-search.bundle.js': {
        body: pageFile('js/calls-search.bundle.js'),
        contentType: 'text/javascript',
      },
      [QUERIES]: json(recordingBody),
    });
    const result = await collect(fetcherWith(), {
      searchUrl: server.url('/{appId}/1/indexes/*/queries'),
    });
    expect(result.records).toHaveLength(recordedHits.length);
    expect(asked()).toEqual([
      `GET ${CALLS_PAGE}`,
      'GET /js/main.bundle.js?v=3.0.0',
      'GET /js/calls-search.bundle.js?v=3.0.0',
      `POST ${QUERIES}`,
    ]);
    expect(pageRequests()[3]?.headers['x-algolia-api-key']).toBe(PAGE_API_KEY);
  });

  it('fails clearly, asking nothing of Algolia, when the page no longer carries a key', async () => {
    server = await startPageServer({
      [CALLS_PAGE]: html(pageFile('calls-for-projects.redesigned.html')),
      [QUERIES]: json(recordingBody),
    });
    const settings = { searchUrl: server.url('/{appId}/1/indexes/*/queries') };
    await expect(collect(fetcherWith(), settings)).rejects.toThrow(
      /^no Algolia application id and search key found in http:\/\/127\.0\.0\.1:\d+\/calls-for-projects\/ or its scripts/,
    );
    // The page's own main.min.js was looked at (404 here), and no query was sent.
    expect(asked()).toEqual([`GET ${CALLS_PAGE}`, 'GET /dist/js/main.min.js?v=2.14.3']);
    await expect(collect(fetcherWith(), settings, { strict: true })).rejects.toMatchObject({
      name: 'SettingError',
      setting: 'baseUrl',
    });
  });

  it('uses credentials pinned in the settings without reading the page', async () => {
    server = await startPageServer({
      [QUERIES.replace(PAGE_APP_ID, 'PINNEDAPP1')]: json(recordingBody),
    });
    const result = await collect(fetcherWith(), {
      appId: 'PINNEDAPP1',
      apiKey: 'ffffffffffffffffffffffffffffffff',
      searchUrl: server.url('/{appId}/1/indexes/*/queries'),
    });
    expect(result.records).toHaveLength(recordedHits.length);
    expect(asked()).toEqual(['POST /PINNEDAPP1/1/indexes/*/queries']);
    expect(pageRequests()[0]?.headers['x-algolia-api-key']).toBe(
      'ffffffffffffffffffffffffffffffff',
    );
  });

  it('fails clearly on an answer that is not Algolia’s JSON', async () => {
    server = await startPageServer({
      [CALLS_PAGE]: html(pageFile('calls-for-projects.html')),
      [QUERIES]: html('<html><body>Service unavailable</body></html>'),
    });
    const settings = { searchUrl: server.url('/{appId}/1/indexes/*/queries') };
    await expect(collect(fetcherWith(), settings)).rejects.toThrow(
      /Algolia's answer from .* is not JSON/,
    );
    await expect(collect(fetcherWith(), settings, { strict: true })).rejects.toMatchObject({
      setting: 'searchUrl',
    });
  });
});

describe('interreg-algolia collect: a refused key', () => {
  const refusedBody = JSON.stringify({ message: 'Invalid Application-ID or API key', status: 403 });

  it('re-reads the page once and gives up when it still offers the refused key', async () => {
    server = await startPageServer({
      [CALLS_PAGE]: html(pageFile('calls-for-projects.html')),
      [QUERIES]: json(refusedBody, 403),
    });
    const settings = { searchUrl: server.url('/{appId}/1/indexes/*/queries') };
    await expect(collect(fetcherWith(), settings)).rejects.toThrow(
      /^Algolia refused the key http:\/\/127\.0\.0\.1:\d+\/calls-for-projects\/ still offers \(data attributes\) \(HTTP 403\)/,
    );
    expect(asked()).toEqual([`GET ${CALLS_PAGE}`, `POST ${QUERIES}`, `GET ${CALLS_PAGE}`]);
    // The re-read asks caches for a fresh copy.
    expect(pageRequests()[2]?.headers['cache-control']).toBe('no-cache');
  });

  it('retries with the key the page offers after a rotation', async () => {
    const rotatedKey = '9e8d7c6b5a49382716059f8e7d6c5b4a';
    server = await startPageServer({ [CALLS_PAGE]: html(pageFile('calls-for-projects.html')) });
    const page = server;
    standIn = await startAlgoliaStandIn({
      hits: recordedHits,
      accepted: [`${PAGE_APP_ID} ${rotatedKey}`],
      // interreg.eu rotates the key: from now on the page carries the new one.
      onRefused: () =>
        page.set(
          CALLS_PAGE,
          html(pageFile('calls-for-projects.html').replaceAll(PAGE_API_KEY, rotatedKey)),
        ),
    });
    const result = await collect(fetcherWith(), { searchUrl: standIn.searchUrl });
    expect(result.records.map((record) => record.naturalKey)).toEqual(
      recordedHits.map((hit) => hit.objectID),
    );
    expect(standIn.queries.map((query) => query.apiKey)).toEqual([PAGE_API_KEY, rotatedKey]);
    expect(asked()).toEqual([`GET ${CALLS_PAGE}`, `GET ${CALLS_PAGE}`]);
    expect(result.warnings).toContain(
      `Algolia refused the key read from ${server.url(CALLS_PAGE)}; the page now offers another`,
    );
  });

  it('does not read the page for pinned credentials Algolia refuses', async () => {
    server = await startPageServer({ [CALLS_PAGE]: html(pageFile('calls-for-projects.html')) });
    standIn = await startAlgoliaStandIn({ hits: recordedHits, accepted: [] });
    const settings = {
      appId: 'PINNEDAPP1',
      apiKey: 'ffffffffffffffffffffffffffffffff',
      searchUrl: standIn.searchUrl,
    };
    await expect(collect(fetcherWith(), settings)).rejects.toThrow(
      /^Algolia refused the appId and apiKey in the settings \(HTTP 403\)/,
    );
    await expect(collect(fetcherWith(), settings, { strict: true })).rejects.toMatchObject({
      setting: 'apiKey',
    });
    expect(asked()).toEqual([]);
  });
});

describe('interreg-algolia collect: pages and strict mode', () => {
  it('pages through the results when Algolia announces more than one page', async () => {
    server = await startPageServer({ [CALLS_PAGE]: html(pageFile('calls-for-projects.html')) });
    standIn = await startAlgoliaStandIn({
      hits: recordedHits,
      accepted: [`${PAGE_APP_ID} ${PAGE_API_KEY}`],
    });
    const result = await collect(fetcherWith(), { searchUrl: standIn.searchUrl, hitsPerPage: 1 });
    expect(result.pages).toBe(recordedHits.length);
    expect(result.records.map((record) => record.naturalKey)).toEqual(
      recordedHits.map((hit) => hit.objectID),
    );
    expect(result.warnings).toEqual([]);
    expect(
      standIn.queries.map(
        (query) => (query.body as { requests: Array<{ page: number }> }).requests[0]?.page,
      ),
    ).toEqual(recordedHits.map((_, page) => page));
  });

  it('in strict mode, names the filters when they match no call', async () => {
    server = await startPageServer({ [CALLS_PAGE]: html(pageFile('calls-for-projects.html')) });
    standIn = await startAlgoliaStandIn({ hits: [], accepted: [`${PAGE_APP_ID} ${PAGE_API_KEY}`] });
    const settings = { searchUrl: standIn.searchUrl, filters: 'callStatus:Nonexistent' };
    const error = await collect(fetcherWith(), settings, { strict: true }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(SettingError);
    expect(error).toMatchObject({ setting: 'filters' });
    expect(error.message).toBe(
      'filters: matched no call in Algolia index prod_en-us_content (0 hits)',
    );
    // Outside strict mode an empty answer is an empty poll (source health judges it).
    const lenient = await collect(fetcherWith(), settings);
    expect(lenient.records).toEqual([]);
  });

  it('in strict mode, names the index when Algolia does not know it', async () => {
    server = await startPageServer({
      [CALLS_PAGE]: html(pageFile('calls-for-projects.html')),
      [QUERIES]: json(JSON.stringify({ message: 'Index does not exist', status: 404 }), 404),
    });
    const settings = {
      searchUrl: server.url('/{appId}/1/indexes/*/queries'),
      indexName: 'prod_xx_content',
    };
    await expect(collect(fetcherWith(), settings, { strict: true })).rejects.toMatchObject({
      setting: 'indexName',
    });
    await expect(collect(fetcherWith(), settings)).rejects.toThrow(/answered HTTP 404/);
  });
});
