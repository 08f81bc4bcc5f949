import { describe, expect, it } from 'vitest';
import { icalKind } from '../../../scrapers/ical/index.js';
import { parseCalendar } from '../../../scrapers/ical/parse.js';
import { expansionWindow, pollResultOf } from '../../../scrapers/ical/poll.js';
import type { NormalisedCall } from '../../../scrapers/types.js';
import { eventBlocks, expectedCallCount, property, recording } from './recording.js';

const BASE_URL = 'https://interreg.no/kalender/kategori/utlysninger/?ical=1';
const settings = icalKind.parseSettings({ language: 'nb', programmeName: 'Interreg' });

function callsOf(ics: string, now: Date, raw: Record<string, unknown> = {}): NormalisedCall[] {
  const chosen = icalKind.parseSettings({ language: 'nb', programmeName: 'Interreg', ...raw });
  const calendar = parseCalendar(ics, BASE_URL, expansionWindow(now, chosen));
  return pollResultOf([{ calendar, url: BASE_URL }], chosen, BASE_URL, false).records;
}

const NOW = new Date('2026-12-01T10:00:00Z');
const calls = callsOf(recording, NOW);
const byKey = new Map(calls.map((call) => [call.naturalKey, call]));
const blocks = eventBlocks(recording);
const recurring = blocks.find((block) => property(block, 'RRULE')) as string;
const recurringUid = property(recurring, 'UID') as string;

describe('ical: the interreg.no calendar recording', () => {
  it('makes one call per single event and one per occurrence of the recurring one', () => {
    const single = blocks.filter(
      (block) => !property(block, 'RRULE') && !property(block, 'RECURRENCE-ID'),
    );
    // COUNT occurrences of the RRULE, less those its EXDATE lines take out.
    expect(property(recurring, 'RRULE')).toBe('FREQ=MONTHLY;INTERVAL=3;COUNT=8');
    expect(calls).toHaveLength(expectedCallCount(recording));
    for (const block of single) expect(byKey.has(property(block, 'UID') as string)).toBe(true);
  });

  it('reads a timed event in its TZID, across the DST switch', () => {
    const call = byKey.get('21457-1772442000-1777564800@interreg.no');
    expect(call?.title).toBe('Nordlig Periferi og Arktis: Femte utlysning for hovedprosjekter');
    // 09:00 CET on 2 March; 16:00 CEST on 30 April.
    expect(call?.openingAt?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(call?.deadlines).toEqual([
      {
        stage: 1,
        deadlineAt: new Date('2026-04-30T14:00:00.000Z'),
        localDate: '2026-04-30',
        timeZone: 'Europe/Oslo',
      },
    ]);
    expect(call?.tags).toEqual(['Utlysninger', 'Nordlig Periferi og Arktis']);
    expect(call?.sourceUrl).toBe(
      'https://interreg.no/kalender/npa-femte-utlysning-for-hovedprosjekter/',
    );
    expect(call?.language).toBe('nb');
    expect(call?.programmeName).toBe('Interreg');
    expect(call?.descriptionText).toContain('closes on 30 April 2026 at 16:00 (CEST)');
  });

  it('closes an all-day event at the end of the day before its exclusive DTEND', () => {
    const block = blocks.find((b) => property(b, 'UID')?.startsWith('21690-')) as string;
    expect(property(block, 'DTEND')).toBe('20260916');
    const call = byKey.get(property(block, 'UID') as string);
    expect(call?.openingAt?.toISOString()).toBe('2026-08-16T22:00:00.000Z');
    expect(call?.deadlines[0]).toEqual({
      stage: 1,
      deadlineAt: new Date('2026-09-15T21:59:59.000Z'),
      localDate: '2026-09-15',
      timeZone: 'Europe/Oslo',
    });
  });

  it('reads a one-day all-day event as a deadline day with no known opening', () => {
    const call = byKey.get('22016-1801440000-1801526399@interreg.no');
    expect(call?.title).toBe('Nordplus: Søknadsfrist 2027');
    expect(call?.openingAt).toBeNull();
    // 23:59:59 CET on 1 February.
    expect(call?.deadlines[0]?.deadlineAt.toISOString()).toBe('2027-02-01T22:59:59.000Z');
    expect(call?.deadlines[0]?.localDate).toBe('2027-02-01');
  });

  it('expands the recurring event, leaving out its EXDATE and applying its override', () => {
    const keys = calls.filter((call) => call.naturalKey.startsWith(`${recurringUid}#`));
    expect(keys.map((call) => call.naturalKey.split('#')[1])).toEqual([
      '2026-01-05',
      '2026-04-05',
      '2026-10-05',
      '2027-01-05',
      '2027-04-05',
      '2027-07-05',
      '2027-10-05',
    ]);
    expect(property(recurring, 'EXDATE')).toBe('20260705T090000');
    const override = byKey.get(`${recurringUid}#2027-04-05`);
    expect(override?.title).toBe('Aurora: Søknadsrunde for småprosjekter (forlenget frist)');
    expect(override?.deadlines[0]?.deadlineAt.toISOString()).toBe('2027-05-07T13:00:00.000Z');
    expect(override?.descriptionText).toContain('forlenget til 7. mai');
  });

  it('keeps an occurrence’s closing hour on the wall clock when DST ends in between', () => {
    // 5 October 09:00 CEST to 30 October 15:00 CET (DST ends on 25 October 2026).
    const october = byKey.get(`${recurringUid}#2026-10-05`);
    expect(october?.openingAt?.toISOString()).toBe('2026-10-05T07:00:00.000Z');
    expect(october?.deadlines[0]?.deadlineAt.toISOString()).toBe('2026-10-30T14:00:00.000Z');
    const april = byKey.get(`${recurringUid}#2026-04-05`);
    expect(april?.deadlines[0]?.deadlineAt.toISOString()).toBe('2026-04-30T13:00:00.000Z');
  });

  it('expands recurrences only within the window around now', () => {
    const later = callsOf(recording, new Date('2028-03-01T00:00:00Z'));
    const occurrences = later
      .filter((call) => call.naturalKey.startsWith(`${recurringUid}#`))
      .map((call) => call.naturalKey.split('#')[1]);
    expect(occurrences).toEqual(['2027-04-05', '2027-07-05', '2027-10-05']);
    const narrow = callsOf(recording, new Date('2025-06-01T00:00:00Z'), { windowYears: 1 });
    expect(
      narrow
        .filter((call) => call.naturalKey.startsWith(`${recurringUid}#`))
        .map((c) => c.naturalKey.split('#')[1]),
    ).toEqual(['2026-01-05', '2026-04-05']);
  });

  it('sanitises an HTML description: no script, handler or image, the link kept', () => {
    const call = byKey.get('21803-1789466400-1795791600@interreg.no');
    expect(property(blocks.find((b) => b.includes('21803-')) as string, 'DESCRIPTION')).toContain(
      '<script',
    );
    expect(call?.descriptionHtml).not.toMatch(/<script|onclick|<img/);
    expect(call?.descriptionHtml).toContain('href="https://interreg-baltic.eu/gateway/"');
    expect(call?.descriptionText).toContain('full applications by 27 November 2026 at 15:00 CET');
    expect(call?.deadlines[0]?.deadlineAt.toISOString()).toBe('2026-11-27T14:00:00.000Z');
  });

  it('reads floating times in X-WR-TIMEZONE, else in the timeZone setting', () => {
    const floating = (header: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        header,
        'BEGIN:VEVENT',
        'UID:floating-1@example.test',
        'DTSTAMP:20260101T000000Z',
        'SUMMARY:Floating call',
        'DTSTART:20260310T100000',
        'DTEND:20260612T120000',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ]
        .filter(Boolean)
        .join('\r\n');
    const helsinki = callsOf(floating('X-WR-TIMEZONE:Europe/Helsinki'), NOW)[0];
    // 12:00 EEST = 09:00Z
    expect(helsinki?.deadlines[0]).toMatchObject({
      deadlineAt: new Date('2026-06-12T09:00:00.000Z'),
      timeZone: 'Europe/Helsinki',
    });
    const fallback = callsOf(floating(''), NOW, { timeZone: 'Europe/Stockholm' })[0];
    expect(fallback?.openingAt?.toISOString()).toBe('2026-03-10T09:00:00.000Z');
    expect(fallback?.deadlines[0]?.timeZone).toBe('Europe/Stockholm');
  });

  it('prefers X-ALT-DESC HTML over the plain DESCRIPTION, and reads SUMMARY with parameters', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:alt-1@example.test',
      'DTSTAMP:20260101T000000Z',
      'SUMMARY;LANGUAGE=nb:Søknadsfrist forprosjekter',
      'DTSTART;VALUE=DATE:20270310',
      'DESCRIPTION:Plain text version',
      'X-ALT-DESC;FMTTYPE=text/html:<p>Rich <b>version</b></p><iframe src="https://x.test"></iframe>',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const [call] = callsOf(ics, NOW);
    expect(call?.title).toBe('Søknadsfrist forprosjekter');
    expect(call?.descriptionHtml).toBe('<p>Rich <b>version</b></p>');
    // No DTEND: one all-day day, a deadline day (Oslo, CET).
    expect(call?.openingAt).toBeNull();
    expect(call?.deadlines[0]?.deadlineAt.toISOString()).toBe('2027-03-10T22:59:59.000Z');
  });

  it('expands a recurring all-day event by dates, its EXDATE;VALUE=DATE left out', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:frist-hovedprosjekter@example.test',
      'DTSTAMP:20260101T000000Z',
      'SUMMARY:Sverige-Norge: søknadsfrist hovedprosjekter',
      'DTSTART;VALUE=DATE:20260215',
      'DTEND;VALUE=DATE:20260216',
      'RRULE:FREQ=YEARLY;COUNT=3',
      'EXDATE;VALUE=DATE:20270215',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const found = callsOf(ics, new Date('2026-06-01T00:00:00Z'));
    expect(found.map((call) => call.naturalKey)).toEqual([
      'frist-hovedprosjekter@example.test#2026-02-15',
      'frist-hovedprosjekter@example.test#2028-02-15',
    ]);
    expect(found.map((call) => call.deadlines[0]?.deadlineAt.toISOString())).toEqual([
      '2026-02-15T22:59:59.000Z',
      '2028-02-15T22:59:59.000Z',
    ]);
    expect(found.every((call) => call.openingAt === null)).toBe(true);
  });

  it('keeps at most 60 occurrences of an event, and says so', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:weekly@example.test',
      'DTSTAMP:20260101T000000Z',
      'SUMMARY:Weekly drop-in',
      'DTSTART;TZID=Europe/Oslo:20260105T100000',
      'DTEND;TZID=Europe/Oslo:20260105T110000',
      'RRULE:FREQ=WEEKLY',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const calendar = parseCalendar(ics, BASE_URL, expansionWindow(NOW, settings));
    expect(calendar.entries).toHaveLength(60);
    expect(calendar.warnings[0]).toMatch(
      /^event weekly@example.test recurs \d+ times in the window/,
    );
  });

  it('refuses a body that is not iCalendar, naming it', () => {
    expect(() =>
      parseCalendar('<!doctype html><html>', BASE_URL, expansionWindow(NOW, settings)),
    ).toThrow(`${BASE_URL} is not an iCalendar file`);
  });
});
