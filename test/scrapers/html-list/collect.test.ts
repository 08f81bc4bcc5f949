import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlListKind } from '../../../scrapers/html-list/index.js';
import { HttpRequestError } from '../../../scrapers/http/errors.js';
import { PollFetcher, type StoredPage } from '../../../scrapers/http/page-fetcher.js';
import { SettingError } from '../../../scrapers/source-kind.js';
import { type PageServer, startPageServer } from '../../helpers/page-server.js';
import { testHttpClient } from '../../helpers/workers.js';
import { euiSettings, ownFixturePage } from './admin-settings.js';

const now = new Date('2026-01-10T09:00:00Z');
const html = 'text/html; charset=utf-8';
const euiPage = ownFixturePage('urban-initiative', 'calls-proposals.html');

describe('html-list collect over HTTP', () => {
  let server: PageServer;
  const http = testHttpClient();

  beforeAll(async () => {
    server = await startPageServer({
      '/calls-proposals': { body: euiPage, contentType: html },
      '/moved': { redirectTo: '/calls-proposals', body: '', contentType: html },
      '/maintenance': {
        body: '<html><body><p>Site under maintenance</p></body></html>',
        contentType: html,
      },
      '/truncated': { body: euiPage.slice(0, euiPage.indexOf('City-to-City')), contentType: html },
    });
  });
  afterAll(async () => {
    await server.close();
    await http.close();
  });

  function poll(
    path: string,
    raw: Record<string, unknown> = euiSettings,
    known = new Map<string, StoredPage>(),
    strict = false,
  ) {
    const fetcher = new PollFetcher(http, known, { publicAddressesOnly: false });
    const result = htmlListKind.collect({
      fetcher,
      baseUrl: server.url(path),
      settings: htmlListKind.parseSettings(raw),
      now,
      strict,
    });
    return { fetcher, result };
  }

  it('reads the page fresh, links resolved against the URL that answered', async () => {
    const { result } = poll('/moved');
    const { records, pages, received, emptyPages, legacyRecords } = await result;
    expect({ pages, received, emptyPages, legacyRecords }).toEqual({
      pages: 1,
      received: 5,
      emptyPages: [],
      legacyRecords: 0,
    });
    expect(records[0]?.sourceUrl).toBe(
      server.url('/calls-proposals/innovative-actions-fourth-call-proposals'),
    );
    expect(records[0]?.deadlines[0]?.localDate).toBe('2026-01-30');
  });

  it('answers a 304 with the remembered items, parsing nothing, and the same records', async () => {
    const first = poll('/calls-proposals');
    const fresh = await first.result;
    const stored = first.fetcher.pagesToStore();
    expect([...stored.keys()]).toEqual([server.url('/calls-proposals')]);
    // What is stored must survive the database's JSON column.
    const known = new Map(
      [...stored].map(([url, page]) => [url, JSON.parse(JSON.stringify(page)) as StoredPage]),
    );

    const second = poll('/calls-proposals', euiSettings, known);
    const again = await second.result;
    expect(second.fetcher.allNotModified()).toBe(true);
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe(
      known.get(server.url('/calls-proposals'))?.etag,
    );
    expect(again.records).toEqual(fresh.records);
    expect(again.warnings).toEqual(fresh.warnings);
  });

  it('fetches again when the selectors changed since the page was remembered', async () => {
    const first = poll('/calls-proposals');
    await first.result;
    const changed = { ...euiSettings, summary: '.field--name-field-funding-support .field__item' };
    const before = server.requests.length;
    const second = poll('/calls-proposals', changed, first.fetcher.pagesToStore());
    const result = await second.result;
    expect(
      server.requests
        .slice(before)
        .map((request) => request.headers['if-none-match'] !== undefined),
    ).toEqual([true, false]);
    expect(second.fetcher.allNotModified()).toBe(false);
    expect(result.records[0]?.descriptionText).toBe('Up to EUR 5 million ERDF per project');
  });

  it('returns no records and a warning when the items are gone, and reads what a truncated page holds', async () => {
    const gone = await poll('/maintenance').result;
    expect(gone.records).toEqual([]);
    expect(gone.warnings).toEqual([
      `item "${euiSettings.item}" matched nothing on ${server.url('/maintenance')}: the layout may have changed`,
    ]);
    const truncated = await poll('/truncated').result;
    // The cut falls inside the second card's title: one whole card, one without a title.
    expect(truncated.records.map((call) => call.title)).toEqual([
      'EUI – Innovative Actions – Fourth Call for Proposals',
    ]);
    expect(truncated.warnings).toEqual([
      `1 of 2 items had no title ("${euiSettings.title}") and were skipped`,
    ]);
  });

  it('fails with the HTTP error when the page is missing', async () => {
    await expect(poll('/no-such-page').result).rejects.toBeInstanceOf(HttpRequestError);
  });
});

describe('html-list strict collect: the test fetch before an admin saves a source', () => {
  let server: PageServer;
  const http = testHttpClient();

  beforeAll(async () => {
    server = await startPageServer({ '/calls-proposals': { body: euiPage, contentType: html } });
  });
  afterAll(async () => {
    await server.close();
    await http.close();
  });

  async function strictError(raw: Record<string, unknown>): Promise<SettingError> {
    const fetcher = new PollFetcher(http, new Map(), { publicAddressesOnly: false });
    const settings = htmlListKind.parseSettings(raw);
    const error = await htmlListKind
      .collect({ fetcher, baseUrl: server.url('/calls-proposals'), settings, now, strict: true })
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    if (!(error instanceof SettingError))
      throw new Error(`expected a SettingError, got ${String(error)}`);
    return error;
  }

  it('passes with the settings an admin would write', async () => {
    const fetcher = new PollFetcher(http, new Map(), { publicAddressesOnly: false });
    const settings = htmlListKind.parseSettings(euiSettings);
    const result = await htmlListKind.collect({
      fetcher,
      baseUrl: server.url('/calls-proposals'),
      settings,
      now,
      strict: true,
    });
    expect(result.records).toHaveLength(5);
  });

  it('names item when it matches nothing', async () => {
    const error = await strictError({ ...euiSettings, item: 'article.node--type-event' });
    expect(error.setting).toBe('item');
    expect(error.message).toBe(`item: matched nothing on ${server.url('/calls-proposals')}`);
  });

  it.each([
    ['title', '.node-title'],
    ['link', '.node__status'],
    ['deadline', '.field--name-field-closing-date'],
    ['opening', '.field--name-field-opening-date'],
    ['summary', '.field--name-field-summary'],
  ])('names %s when it matches nothing in every item', async (name, selector) => {
    const error = await strictError({ ...euiSettings, [name]: selector });
    expect(error.setting).toBe(name);
    expect(error.message).toContain(`"${selector}" matched`);
    expect(error.message).toContain('in any of the 5 items');
  });

  it('names deadline when deadlines are found but none parse, quoting the first', async () => {
    const error = await strictError({ ...euiSettings, dateFormat: 'YYYY-MM-DD' });
    expect(error.setting).toBe('deadline');
    expect(error.message).toMatch(
      /^deadline: no date parsed: first value "Deadline date : 30\/01\/2026"/,
    );
    expect(error.message).toMatch(/dateFormat .* dateLanguage/);
  });
});
