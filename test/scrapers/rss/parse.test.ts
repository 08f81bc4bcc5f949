import { describe, expect, it } from 'vitest';
import { deadlinesInText } from '../../../scrapers/rss/deadline-text.js';
import { rssKind } from '../../../scrapers/rss/index.js';
import { parseFeedBody } from '../../../scrapers/rss/parse.js';
import { pollResultOf } from '../../../scrapers/rss/poll.js';
import type { NormalisedCall } from '../../../scrapers/types.js';
import { auroraAtom, balticRss, feedItems, keysIncluded } from './recordings.js';

const BALTIC_URL = 'https://interreg-baltic.eu/feed/';
const AURORA_URL = 'https://interregaurora.eu/feed/atom/';
const AURORA_INCLUDE = ['call', 'utlysning', 'ansökan'];

function callsOf(xml: string, url: string, raw: Record<string, unknown>): NormalisedCall[] {
  const settings = rssKind.parseSettings(raw);
  return pollResultOf([{ feed: parseFeedBody(xml, url), url }], settings, url, false).records;
}

function byKey(calls: NormalisedCall[], key: string): NormalisedCall {
  const call = calls.find((candidate) => candidate.naturalKey === key);
  if (!call) throw new Error(`no call ${key}`);
  return call;
}

describe('rss: the Interreg Baltic Sea Region WordPress feed (RSS 2.0)', () => {
  const calls = callsOf(balticRss, BALTIC_URL, {
    include: ['call'],
    programmeName: 'Interreg Baltic Sea Region',
  });

  it('keeps the items whose title or categories name a call, keyed by guid', () => {
    const expected = keysIncluded(balticRss, ['call']);
    expect(feedItems(balticRss)).toHaveLength(7);
    expect(expected).toHaveLength(5);
    expect(calls.map((call) => call.naturalKey)).toEqual(expected);
    const all = callsOf(balticRss, BALTIC_URL, {});
    expect(all).toHaveLength(feedItems(balticRss).length);
  });

  it('reads title, link, date, categories and a deadline "until … at 13:00 CET"', () => {
    const call = byKey(calls, 'https://interreg-baltic.eu/?p=41872');
    expect(call.title).toBe('Call for small projects: apply until 10 February 2027');
    expect(call.sourceUrl).toBe(
      'https://interreg-baltic.eu/news-2026/call-for-small-projects-apply-until-10-february-2027/',
    );
    expect(call.openingAt?.toISOString()).toBe('2026-11-17T10:30:00.000Z');
    expect(call.tags).toEqual(['News', 'Calls for applications']);
    expect(call.programmeName).toBe('Interreg Baltic Sea Region');
    // The title's "until 10 February 2027" and the body's "… at 13:00 CET" are one deadline.
    expect(call.deadlines).toEqual([
      {
        stage: 1,
        deadlineAt: new Date('2027-02-10T12:00:00.000Z'),
        localDate: '2027-02-10',
        timeZone: 'Europe/Brussels',
      },
    ]);
  });

  it('sanitises content:encoded: no script or image, the link kept', () => {
    const call = byKey(calls, 'https://interreg-baltic.eu/?p=41872');
    expect(balticRss).toContain('<script>window.wpEmojiSettings');
    expect(call.descriptionHtml).not.toMatch(/<script|<img/);
    expect(call.descriptionHtml).toContain('href="https://interreg-baltic.eu/gateway/"');
    expect(call.descriptionText).toContain('Submit your full application in BAMOS+');
  });

  it('reads two deadlines as two stages, "is 15 January 2027" and "Deadline: 16.03.2027"', () => {
    const call = byKey(calls, 'https://interreg-baltic.eu/?p=41655');
    expect(call.deadlines).toEqual([
      {
        stage: 1,
        deadlineAt: new Date('2027-01-15T22:59:59.000Z'),
        localDate: '2027-01-15',
        timeZone: 'Europe/Brussels',
      },
      {
        stage: 2,
        deadlineAt: new Date('2027-03-16T12:00:00.000Z'),
        localDate: '2027-03-16',
        timeZone: 'Europe/Brussels',
      },
    ]);
  });

  it('reads "open until 30 April 2027 at 12:00 CEST" in Brussels summer time', () => {
    const call = byKey(calls, 'https://interreg-baltic.eu/?p=41511');
    expect(call.deadlines.map((deadline) => deadline.deadlineAt.toISOString())).toEqual([
      '2027-04-30T10:00:00.000Z',
    ]);
  });

  it('leaves a call that states no deadline open-ended', () => {
    expect(byKey(calls, 'https://interreg-baltic.eu/?p=41402').deadlines).toEqual([]);
  });
});

describe('rss: the Interreg Aurora WordPress feed (Atom)', () => {
  const calls = callsOf(auroraAtom, AURORA_URL, {
    include: AURORA_INCLUDE,
    timeZone: 'Europe/Stockholm',
    language: 'sv',
  });

  it('keeps entries by id whose title or categories hold one of the words', () => {
    const expected = keysIncluded(auroraAtom, AURORA_INCLUDE);
    expect(expected).toHaveLength(feedItems(auroraAtom).length - 1);
    expect(calls.map((call) => call.naturalKey)).toEqual(expected);
  });

  it('reads a Swedish deadline "senast 15 mars 2027 kl. 23.59" in the timeZone setting', () => {
    const call = byKey(calls, 'https://interregaurora.eu/?p=8812');
    expect(call.title).toBe('Utlysning för småprojekt öppnar – ansök senast 15 mars 2027');
    expect(call.openingAt?.toISOString()).toBe('2026-11-18T12:00:00.000Z');
    expect(call.language).toBe('sv');
    expect(call.tags).toEqual(['Nyheter', 'Utlysningar']);
    expect(call.deadlines).toEqual([
      {
        stage: 1,
        deadlineAt: new Date('2027-03-15T22:59:00.000Z'),
        localDate: '2027-03-15',
        timeZone: 'Europe/Stockholm',
      },
    ]);
    // The entry's relative link, made whole against the entry.
    expect(call.descriptionHtml).toContain('href="https://interregaurora.eu/ansok/"');
  });

  it('finds a deadline stated in the title only, closing at the end of that day', () => {
    const call = byKey(calls, 'https://interregaurora.eu/?p=8741');
    expect(call.deadlines[0]?.deadlineAt.toISOString()).toBe('2027-01-14T22:59:59.000Z');
    expect(byKey(calls, 'https://interregaurora.eu/?p=8702').deadlines).toEqual([]);
  });
});

describe('rss: deadlines in prose', () => {
  it('reads the forms programme sites use', () => {
    const at = (text: string) =>
      deadlinesInText(text, 'Europe/Brussels').map((deadline) => deadline.deadlineAt.toISOString());
    expect(at('The deadline 15 March 2026 applies to all.')).toEqual(['2026-03-15T22:59:59.000Z']);
    expect(at('Deadline: 15.03.2026')).toEqual(['2026-03-15T22:59:59.000Z']);
    expect(at('The call is open until 17 June 2026 at 15:00 CET.')).toEqual([
      '2026-06-17T13:00:00.000Z',
    ]);
    expect(at('Søknadsfrist 15. februar 2027')).toEqual(['2027-02-15T22:59:59.000Z']);
    expect(at('Submit by March 5th, 2027, 12:00 EET.')).toEqual(['2027-03-05T10:00:00.000Z']);
  });

  it('ignores dates that follow no deadline word, and impossible dates', () => {
    expect(deadlinesInText('The call opened on 2 March 2026.', 'Europe/Brussels')).toEqual([]);
    expect(deadlinesInText('Deadline: 31.02.2027', 'Europe/Brussels')).toEqual([]);
  });
});

describe('rss: bodies that are not feeds', () => {
  it('names the URL and what came instead', () => {
    expect(() => parseFeedBody('<!DOCTYPE html><html><body></body></html>', BALTIC_URL)).toThrow(
      `${BALTIC_URL} is not an RSS or Atom feed (it starts with "<!DOCTYPE html>`,
    );
    expect(() => parseFeedBody('{"code":"rest_no_route"}', BALTIC_URL)).toThrow(
      'is not an RSS or Atom feed',
    );
  });
});
