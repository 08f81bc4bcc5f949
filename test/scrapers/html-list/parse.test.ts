import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { htmlListKind } from '../../../scrapers/html-list/index.js';
import {
  euiSettings,
  northSeaSettings,
  ownFixtureFolder,
  ownFixturePage,
  sverigeNorgeSettings,
} from './admin-settings.js';

const now = new Date('2026-01-10T09:00:00Z');

async function replayed(site: string, raw: Record<string, unknown>, at = now) {
  return htmlListKind.replay({
    folder: ownFixtureFolder(site),
    baseUrl: 'https://example.invalid/listing',
    settings: htmlListKind.parseSettings(raw),
    now: at,
  });
}

describe('html-list on the European Urban Initiative calls page (DD/MM/YYYY)', () => {
  const $ = load(ownFixturePage('urban-initiative', 'calls-proposals.html'));
  const cards = $('article.node--type-call-for-proposals');

  it('reads every card, titles and links resolved against the canonical URL', async () => {
    const result = await replayed('urban-initiative', euiSettings);
    expect(result.records).toHaveLength(cards.length);
    expect(result.received).toBe(cards.length);
    expect(result.records.map((call) => call.title)).toEqual(
      cards.toArray().map((card) => $(card).find('.title-node').text().trim()),
    );
    const [fourth] = result.records;
    expect(fourth).toMatchObject({
      title: 'EUI – Innovative Actions – Fourth Call for Proposals',
      naturalKey:
        'https://www.urban-initiative.eu/calls-proposals/innovative-actions-fourth-call-proposals',
      sourceUrl:
        'https://www.urban-initiative.eu/calls-proposals/innovative-actions-fourth-call-proposals',
      links: [
        {
          label: 'Programme page',
          url: 'https://www.urban-initiative.eu/calls-proposals/innovative-actions-fourth-call-proposals',
        },
      ],
      programmeName: 'European Urban Initiative',
      programmeCode: 'EUI',
      language: 'en',
      thin: false,
    });
    expect(fourth?.identifier).toMatch(/^EUI-[0-9a-f]{8}$/);
  });

  it('reads "Deadline date : DD/MM/YYYY" as the end of that day in Brussels', async () => {
    const result = await replayed('urban-initiative', euiSettings);
    const deadlines = Object.fromEntries(
      result.records.map((call) => [
        call.title,
        call.deadlines.map((d) => ({ ...d, deadlineAt: d.deadlineAt.toISOString() })),
      ]),
    );
    expect(deadlines['EUI – Innovative Actions – Fourth Call for Proposals']).toEqual([
      {
        stage: 1,
        deadlineAt: '2026-01-30T22:59:59.000Z',
        localDate: '2026-01-30',
        timeZone: 'Europe/Brussels',
      },
    ]);
    expect(deadlines['EUI – Innovative Actions – Third Call for Proposals']?.[0]?.localDate).toBe(
      '2024-10-14',
    );
    expect(deadlines['EUI – Innovative Actions – First Call for Proposals']?.[0]?.deadlineAt).toBe(
      '2023-01-19T22:59:59.000Z',
    );
    // The summer date is UTC+2 in Brussels.
    expect(
      deadlines['Peer Reviews of Sustainable Urban Development Strategies 2026']?.[0]?.deadlineAt,
    ).toBe('2026-04-15T21:59:59.000Z');
  });

  it('keeps a card whose deadline is no date, without one, and counts it in a warning', async () => {
    const result = await replayed('urban-initiative', euiSettings);
    const undated = cards.filter(
      (_, card) =>
        !/\d{2}\/\d{2}\/\d{4}/.test($(card).find('.field--name-field-deadline-date').text()),
    );
    expect(undated.length).toBe(1);
    const rolling = result.records.find((call) => call.title === 'City-to-City Exchanges');
    expect(rolling?.deadlines).toEqual([]);
    expect(result.warnings).toContain(
      `${undated.length} of ${cards.length} items had no deadline that parsed (".field--name-field-deadline-date"): kept without a deadline`,
    );
  });

  it('sanitises the summary, and marks a card without one thin', async () => {
    const result = await replayed('urban-initiative', euiSettings);
    const third = result.records.find((call) => call.title.includes('Third Call'));
    expect(third?.descriptionHtml).toBe(
      '<p>EUR 90 million for projects on the <strong>energy transition</strong> and <strong>technology in cities</strong>.</p>',
    );
    expect(third?.descriptionText).toBe(
      'EUR 90 million for projects on the energy transition and technology in cities.',
    );
    const peer = result.records.find((call) => call.title.startsWith('Peer Reviews'));
    expect(peer).toMatchObject({ thin: true, descriptionHtml: '', descriptionText: '' });
  });
});

describe('html-list on an Interreg Sverige-Norge page in Norwegian ("15. februar")', () => {
  const $ = load(ownFixturePage('interreg-sverige-norge', 'utlysninger.html'));
  const cards = $('article.call-card');

  it('reads titles, links, countries and the language as the admin set them', async () => {
    const result = await replayed('interreg-sverige-norge', sverigeNorgeSettings);
    expect(result.records).toHaveLength(cards.length);
    expect(result.records.map((call) => [call.title, call.sourceUrl])).toEqual([
      [
        'Hovedprosjekter – utlysning 8',
        'https://www.interreg-sverige-norge.com/no/sok-stotte/utlysninger/hovedprosjekter-utlysning-8/',
      ],
      [
        'Hovedprosjekter – utlysning 9',
        'https://www.interreg-sverige-norge.com/no/sok-stotte/utlysninger/hovedprosjekter-utlysning-9/',
      ],
      ['Forprosjekter', 'https://www.interreg-sverige-norge.com/no/sok-stotte/forprosjekter/'],
      [
        'Småskalaprosjekter',
        'https://www.interreg-sverige-norge.com/no/sok-stotte/smaskalaprosjekter/',
      ],
    ]);
    for (const call of result.records) {
      expect(call).toMatchObject({
        language: 'nb',
        eligibleCountries: ['SE', 'NO'],
        programmeName: 'Interreg Sverige-Norge',
      });
      expect(call.identifier).toMatch(/^interreg-sverige-norge\.com-[0-9a-f]{8}$/);
    }
  });

  it('places "15. februar kl. 23.59" in the coming February, Oslo time, and the opening at the start of its day', async () => {
    const result = await replayed('interreg-sverige-norge', sverigeNorgeSettings);
    const [eighth, ninth] = result.records;
    expect(eighth?.deadlines).toEqual([
      {
        stage: 1,
        deadlineAt: new Date('2026-02-15T22:59:00Z'),
        localDate: '2026-02-15',
        timeZone: 'Europe/Oslo',
      },
    ]);
    expect(eighth?.openingAt).toEqual(new Date('2026-01-14T23:00:00Z'));
    // "15. september 2026" without a time: the end of that day, in summer time (UTC+2).
    expect(ninth?.deadlines[0]?.deadlineAt).toEqual(new Date('2026-09-15T21:59:59Z'));
    expect(ninth?.openingAt).toEqual(new Date('2026-08-14T22:00:00Z'));
  });

  it('reads a yearless deadline as next year once it is long past', async () => {
    const result = await replayed(
      'interreg-sverige-norge',
      sverigeNorgeSettings,
      new Date('2026-06-01T09:00:00Z'),
    );
    expect(result.records[0]?.deadlines[0]?.localDate).toBe('2027-02-15');
  });

  it('keeps the rolling schemes without a deadline, and makes summary links absolute', async () => {
    const result = await replayed('interreg-sverige-norge', sverigeNorgeSettings);
    const rolling = result.records
      .filter((call) => call.deadlines.length === 0)
      .map((call) => call.title);
    expect(rolling).toEqual(['Forprosjekter', 'Småskalaprosjekter']);
    expect(result.records[0]?.descriptionHtml).toContain(
      '<a href="https://www.interreg-sverige-norge.com/no/kontakt/" rel="noopener noreferrer nofollow" target="_blank">før du søker</a>',
    );
    expect(result.records[3]?.thin).toBe(true);
  });
});

describe('html-list on Interreg North Sea cards (English prose, a.c-card around the card)', () => {
  const $ = load(ownFixturePage('interreg-north-sea', 'future-calls.html'));
  const cards = $('article[role=article]');

  it('reads each card: the h3, the link around it, the deadline in Brussels time', async () => {
    const result = await replayed('interreg-north-sea', northSeaSettings);
    expect(result.records).toHaveLength(cards.length);
    const seen = result.records.map((call) => ({
      title: call.title,
      url: call.sourceUrl,
      deadlines: call.deadlines.map((d) => [d.deadlineAt.toISOString(), d.localDate, d.timeZone]),
    }));
    expect(seen).toEqual([
      {
        title: 'Call 6: regular and small-scale projects',
        url: 'https://www.interregnorthsea.eu/future-calls/call-6',
        // "17.00 CET" in April is Brussels summer time: 15:00 UTC.
        deadlines: [['2026-04-17T15:00:00.000Z', '2026-04-17', 'Europe/Brussels']],
      },
      {
        title: 'Call 7: expressions of interest',
        url: 'https://www.interregnorthsea.eu/future-calls/call-7',
        deadlines: [['2026-11-05T22:59:59.000Z', '2026-11-05', 'Europe/Brussels']],
      },
      {
        title: 'Call for Norwegian partners',
        url: 'https://www.interregnorthsea.eu/future-calls/norwegian-partners',
        // "30 June" without a year, read on 10 January 2026.
        deadlines: [['2026-06-30T21:59:59.000Z', '2026-06-30', 'Europe/Brussels']],
      },
      {
        title: 'Call 8',
        url: 'https://www.interregnorthsea.eu/future-calls/call-8',
        deadlines: [],
      },
    ]);
    expect(result.records.map((call) => call.thin)).toEqual([false, false, true, true]);
    expect(result.records[0]?.eligibleCountries).toEqual(['BE', 'DK', 'DE', 'NL', 'NO', 'SE']);
  });
});
