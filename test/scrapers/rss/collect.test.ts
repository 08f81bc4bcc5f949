import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../../scrapers/http/client.js';
import { PollFetcher, type StoredPage } from '../../../scrapers/http/page-fetcher.js';
import { rssKind } from '../../../scrapers/rss/index.js';
import { SettingError } from '../../../scrapers/source-kind.js';
import { type PageServer, startPageServer } from '../../helpers/page-server.js';
import { testHttpClient } from '../../helpers/workers.js';
import {
  auroraAtom,
  auroraFolder,
  balticFolder,
  balticRss,
  feedItems,
  keysIncluded,
} from './recordings.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const INCLUDE = ['call', 'utlysning', 'ansökan'];
const settings = rssKind.parseSettings({ include: INCLUDE });
const EMPTY_FEED = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>Interreg Baltic Sea Region</title><link>https://interreg-baltic.eu</link>
<description>Interreg Baltic Sea Region Programme 2021-2027</description></channel></rss>`;

let server: PageServer;
let http: HttpClient;

beforeAll(async () => {
  server = await startPageServer({
    '/feed/': { body: balticRss, contentType: 'application/rss+xml; charset=UTF-8' },
    // WordPress sends Last-Modified on feeds; this one is served without an ETag.
    '/feed/atom/': {
      body: auroraAtom,
      contentType: 'application/atom+xml; charset=UTF-8',
      etag: null,
      lastModified: 'Fri, 20 Nov 2026 08:14:22 GMT',
    },
    '/broken/': {
      body: '<!DOCTYPE html><html><body>Maintenance</body></html>',
      contentType: 'text/html',
    },
    '/empty/': { body: EMPTY_FEED, contentType: 'application/rss+xml' },
  });
  http = testHttpClient();
});

afterAll(async () => {
  await http.close();
  await server.close();
});

function fetcherWith(known: Map<string, StoredPage> = new Map()): PollFetcher {
  return new PollFetcher(http, known, { publicAddressesOnly: false });
}

/** What the database keeps of a poll's pages: JSON, so the remembered parse must survive it. */
function asStored(pages: Map<string, StoredPage>): Map<string, StoredPage> {
  return new Map(JSON.parse(JSON.stringify([...pages])) as Array<[string, StoredPage]>);
}

describe('rss: collect through a real HTTP server', () => {
  it.each([
    ['RSS 2.0 with an ETag', '/feed/', balticRss],
    ['Atom with Last-Modified', '/feed/atom/', auroraAtom],
  ])('%s: fresh, then the same calls from a 304', async (_name, feedPath, xml) => {
    const baseUrl = server.url(feedPath);
    const first = fetcherWith();
    const fresh = await rssKind.collect({ fetcher: first, baseUrl, settings, now: NOW });
    const expected = keysIncluded(xml, INCLUDE);
    expect(fresh.records.map((call) => call.naturalKey)).toEqual(expected);
    expect(fresh).toMatchObject({
      pages: 1,
      received: feedItems(xml).length,
      skipped: feedItems(xml).length - expected.length,
      warnings: [],
    });
    const stored = first.pagesToStore();
    expect([...stored.keys()]).toEqual([baseUrl]);

    const second = fetcherWith(asStored(stored));
    const again = await rssKind.collect({ fetcher: second, baseUrl, settings, now: NOW });
    expect(second.allNotModified()).toBe(true);
    expect(again.records).toEqual(fresh.records);
  });

  it('applies a changed include to an unchanged feed (304)', async () => {
    const baseUrl = server.url('/feed/');
    const first = fetcherWith();
    await rssKind.collect({ fetcher: first, baseUrl, settings, now: NOW });
    const second = fetcherWith(asStored(first.pagesToStore()));
    const everything = await rssKind.collect({
      fetcher: second,
      baseUrl,
      settings: rssKind.parseSettings({}),
      now: NOW,
    });
    expect(second.allNotModified()).toBe(true);
    expect(everything.records).toHaveLength(feedItems(balticRss).length);
  });

  it('fails with a clear error when the answer is not a feed', async () => {
    const baseUrl = server.url('/broken/');
    await expect(
      rssKind.collect({ fetcher: fetcherWith(), baseUrl, settings, now: NOW }),
    ).rejects.toThrow(`${baseUrl} is not an RSS or Atom feed`);
  });

  it('returns no calls and a warning for a feed with no items; strict names baseUrl', async () => {
    const baseUrl = server.url('/empty/');
    const result = await rssKind.collect({ fetcher: fetcherWith(), baseUrl, settings, now: NOW });
    expect(result.records).toEqual([]);
    expect(result.warnings).toEqual([`the feed at ${baseUrl} has no items`]);
    const strict = rssKind.collect({
      fetcher: fetcherWith(),
      baseUrl,
      settings,
      now: NOW,
      strict: true,
    });
    await expect(strict).rejects.toBeInstanceOf(SettingError);
    await expect(strict).rejects.toMatchObject({ setting: 'baseUrl' });
  });

  it('names include when it keeps none of the items', async () => {
    const baseUrl = server.url('/feed/');
    const none = rssKind.parseSettings({ include: ['hackathon'] });
    const result = await rssKind.collect({
      fetcher: fetcherWith(),
      baseUrl,
      settings: none,
      now: NOW,
    });
    expect(result.records).toEqual([]);
    expect(result.warnings[0]).toBe(
      `none of the ${feedItems(balticRss).length} items has "hackathon" in its title or categories`,
    );
    await expect(
      rssKind.collect({ fetcher: fetcherWith(), baseUrl, settings: none, now: NOW, strict: true }),
    ).rejects.toMatchObject({ name: 'SettingError', setting: 'include' });
  });

  it('fails with the HTTP error when the URL answers 404', async () => {
    const baseUrl = server.url('/missing/');
    await expect(
      rssKind.collect({ fetcher: fetcherWith(), baseUrl, settings, now: NOW }),
    ).rejects.toMatchObject({ name: 'HttpRequestError', status: 404 });
  });

  it('rejects settings that are wrong, naming them', () => {
    expect(() => rssKind.parseSettings({ include: [3] })).toThrow('include:');
    expect(() => rssKind.parseSettings({ timeZone: 'CET+1' })).toThrow('timeZone:');
    expect(rssKind.parseSettings({ include: 'Call, Utlysning' }).include).toEqual([
      'call',
      'utlysning',
    ]);
  });
});

describe('rss: replay from recorded files', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'rss-replay-'));
    await copyFile(path.join(balticFolder, 'feed.xml'), path.join(folder, 'baltic.xml'));
    await copyFile(path.join(auroraFolder, 'feed.atom'), path.join(folder, 'aurora.atom'));
    await copyFile(path.join(balticFolder, 'feed.xml'), path.join(folder, 'baltic-again.rss'));
    await writeFile(path.join(folder, 'README.md'), 'not a feed');
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads every .xml, .rss and .atom file, a guid in two files being one call', async () => {
    const result = await rssKind.replay({
      folder,
      baseUrl: 'https://interreg-baltic.eu/feed/',
      settings,
      now: NOW,
    });
    const baltic = keysIncluded(balticRss, INCLUDE);
    const aurora = keysIncluded(auroraAtom, INCLUDE);
    expect(result.pages).toBe(3);
    expect(result.received).toBe(2 * feedItems(balticRss).length + feedItems(auroraAtom).length);
    expect(result.records.map((call) => call.naturalKey).sort()).toEqual(
      [...baltic, ...aurora].sort(),
    );
  });

  it('says so when the folder holds no feed', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'rss-empty-'));
    await expect(
      rssKind.replay({ folder: empty, baseUrl: 'https://x.test/feed/', settings, now: NOW }),
    ).rejects.toThrow('holds no .xml, .rss or .atom file');
    await rm(empty, { recursive: true, force: true });
  });
});
