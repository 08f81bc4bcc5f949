import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../../scrapers/http/client.js';
import { PollFetcher, type StoredPage } from '../../../scrapers/http/page-fetcher.js';
import { icalKind } from '../../../scrapers/ical/index.js';
import { SettingError } from '../../../scrapers/source-kind.js';
import { type PageServer, startPageServer } from '../../helpers/page-server.js';
import { testHttpClient } from '../../helpers/workers.js';
import { CALENDAR_URL_PATH, expectedCallCount, recording, recordingFolder } from './recording.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const settings = icalKind.parseSettings({ language: 'nb' });
const EMPTY_CALENDAR =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Interreg.no - ECPv6.14.2//NONSGML v1.0//EN\r\nEND:VCALENDAR\r\n';

let server: PageServer;
let http: HttpClient;

beforeAll(async () => {
  server = await startPageServer({
    [CALENDAR_URL_PATH]: { body: recording, contentType: 'text/calendar; charset=utf-8' },
    '/broken.ics': {
      body: '<!DOCTYPE html><html><body>Log in</body></html>',
      contentType: 'text/html',
    },
    '/empty.ics': { body: EMPTY_CALENDAR, contentType: 'text/calendar' },
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

describe('ical: collect through a real HTTP server', () => {
  it('polls fresh, then gets the same calls back from a 304 without parsing', async () => {
    const baseUrl = server.url(CALENDAR_URL_PATH);
    const first = fetcherWith();
    const fresh = await icalKind.collect({ fetcher: first, baseUrl, settings, now: NOW });
    // Five single events and seven occurrences of the recurring one.
    const expected = expectedCallCount(recording);
    expect(expected).toBe(12);
    expect(fresh.records).toHaveLength(expected);
    expect(fresh).toMatchObject({
      pages: 1,
      received: expected,
      skipped: 0,
      emptyPages: [],
      legacyRecords: 0,
    });
    expect(fresh.records[0]?.sourceUrl).toMatch(/^https:\/\/interreg\.no\/kalender\//);
    expect(first.allNotModified()).toBe(false);
    const stored = first.pagesToStore();
    expect([...stored.keys()]).toEqual([baseUrl]);

    const second = fetcherWith(asStored(stored));
    const again = await icalKind.collect({ fetcher: second, baseUrl, settings, now: NOW });
    expect(second.allNotModified()).toBe(true);
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe(stored.get(baseUrl)?.etag);
    expect(again.records).toEqual(fresh.records);
    expect(second.pagesToStore().size).toBe(0);
  });

  it('fails with a clear error when the answer is not a calendar', async () => {
    const baseUrl = server.url('/broken.ics');
    await expect(
      icalKind.collect({ fetcher: fetcherWith(), baseUrl, settings, now: NOW }),
    ).rejects.toThrow(`${baseUrl} is not an iCalendar file (it starts with "<!DOCTYPE html>`);
  });

  it('returns no calls and a warning for an empty calendar; strict mode names baseUrl', async () => {
    const baseUrl = server.url('/empty.ics');
    const result = await icalKind.collect({ fetcher: fetcherWith(), baseUrl, settings, now: NOW });
    expect(result.records).toEqual([]);
    expect(result.warnings).toEqual([`the calendar at ${baseUrl} has no events`]);
    const strict = icalKind.collect({
      fetcher: fetcherWith(),
      baseUrl,
      settings,
      now: NOW,
      strict: true,
    });
    await expect(strict).rejects.toBeInstanceOf(SettingError);
    await expect(strict).rejects.toMatchObject({ setting: 'baseUrl' });
  });

  it('fails with the HTTP error when the URL answers 404', async () => {
    const baseUrl = server.url('/missing.ics');
    await expect(
      icalKind.collect({ fetcher: fetcherWith(), baseUrl, settings, now: NOW }),
    ).rejects.toMatchObject({ name: 'HttpRequestError', status: 404 });
  });

  it('rejects settings that are wrong, naming them', () => {
    expect(() => icalKind.parseSettings({ timeZone: 'Europe/Nowhere' })).toThrow('timeZone:');
    expect(() => icalKind.parseSettings({ windowYears: 40 })).toThrow('windowYears:');
    expect(icalKind.parseSettings({})).toMatchObject({
      timeZone: 'Europe/Oslo',
      windowYears: 2,
      language: 'en',
    });
  });
});

describe('ical: replay from recorded files', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ical-replay-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads every .ics file of the folder, a UID in two files being one call', async () => {
    const baseUrl = 'https://interreg.no/kalender/kategori/utlysninger/?ical=1';
    const single = await icalKind.replay({ folder: recordingFolder, baseUrl, settings, now: NOW });
    const expected = expectedCallCount(recording);
    expect(single.records).toHaveLength(expected);
    await copyFile(path.join(recordingFolder, 'utlysninger.ics'), path.join(folder, 'a.ics'));
    await copyFile(path.join(recordingFolder, 'utlysninger.ics'), path.join(folder, 'b.ICS'));
    await writeFile(path.join(folder, 'notes.txt'), 'not a calendar');
    const double = await icalKind.replay({ folder, baseUrl, settings, now: NOW });
    expect(double).toMatchObject({ pages: 2, received: 2 * expected, skipped: expected });
    expect(double.records).toEqual(single.records);
  });

  it('says so when the folder holds no calendar', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'ical-empty-'));
    await expect(
      icalKind.replay({ folder: empty, baseUrl: 'https://x.test/', settings, now: NOW }),
    ).rejects.toThrow('holds no .ics file');
    await rm(empty, { recursive: true, force: true });
  });
});
