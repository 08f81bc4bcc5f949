import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { deadlineFrom } from '../../../scrapers/euro-access/dates.js';
import { parseListing } from '../../../scrapers/euro-access/listing.js';
import { DETAIL_135_URL, LISTING_URL, listingHtml } from './recordings.js';

describe('Euro-Access listing parse on the recorded calls table', () => {
  const listing = parseListing(listingHtml, LISTING_URL);

  it('reads one row per table#calls-overview body row, with no problems', () => {
    const $ = load(listingHtml);
    const bodyRows = $('table#calls-overview tbody tr').length;
    // The page's own heading says how many calls it found.
    const announced = Number(/(\d+) Calls found/.exec($('h3').text())?.[1]);
    expect(listing?.rows).toHaveLength(bodyRows);
    expect(bodyRows).toBe(announced);
    expect(listing?.problems).toEqual([]);
  });

  it('reads the first row as the file states it', () => {
    expect(listing?.rows[0]).toEqual({
      callId: '135',
      title: 'Erasmus Charter for Higher Education - 5th cut-off date',
      programme: 'Erasmus+',
      detailUrl: DETAIL_135_URL,
      deadline: '27.01.2026 17:00',
    });
  });

  it('decodes entities and trims programme names', () => {
    const kava = listing?.rows.find((row) => row.callId === '1762');
    expect(kava?.title).toBe('KAVA Call 13: Call for Innovation & Education Projects');
    // The cell reads "EU4Health programme 2021-2027 " with a trailing blank.
    const health = listing?.rows.find((row) => row.programme?.startsWith('EU4Health'));
    expect(health?.programme).toBe('EU4Health programme 2021-2027');
  });

  it('reads every deadline cell as DD.MM.YYYY HH:MM', () => {
    const $ = load(listingHtml);
    const cells = $('table#calls-overview tbody tr')
      .map((_, row) => $(row).children('td').eq(2).text().trim())
      .get();
    expect(listing?.rows.map((row) => row.deadline)).toEqual(cells);
    expect(cells.every((cell) => /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/.test(cell))).toBe(true);
  });

  it('turns deadlines into Brussels instants, winter and summer time', () => {
    const rows = listing?.rows ?? [];
    const deadlineOf = (callId: string) => {
      const row = rows.find((candidate) => candidate.callId === callId);
      return row?.deadline ? deadlineFrom(row.deadline, 1, 'Europe/Brussels') : null;
    };
    // 27.01.2026 17:00 CET (UTC+1).
    expect(deadlineOf('135')).toEqual({
      stage: 1,
      deadlineAt: new Date('2026-01-27T16:00:00.000Z'),
      localDate: '2026-01-27',
      timeZone: 'Europe/Brussels',
    });
    // 31.03.2026 16:00 is after the switch to CEST on 29 March (UTC+2).
    expect(deadlineOf('1845')?.deadlineAt.toISOString()).toBe('2026-03-31T14:00:00.000Z');
    // 26.11.2025 23:59 stays on its day in Brussels, although it is 22:59 UTC.
    expect(deadlineOf('1603')).toMatchObject({
      deadlineAt: new Date('2025-11-26T22:59:00.000Z'),
      localDate: '2025-11-26',
    });
  });

  it('resolves relative links against the page URL', () => {
    const html = listingHtml.replaceAll('https://www.euro-access.eu/en/calls/', '/en/calls/');
    const rows = parseListing(html, 'http://127.0.0.1:8080/en/calls')?.rows ?? [];
    expect(rows[0]?.detailUrl).toBe(
      'http://127.0.0.1:8080/en/calls/135/Erasmus-Charter-for-Higher-Education-5th-cut-off-date',
    );
  });

  it('says so when the calls table is gone, and reports rows it cannot read', () => {
    expect(parseListing('<html><body><h3>0 Calls found</h3></body></html>', LISTING_URL)).toBe(
      null,
    );
    const broken = parseListing(
      `<table id="calls-overview"><tbody>
        <tr><td class="title">Erasmus+</td><td>no link</td><td>27.01.2026 17:00</td></tr>
        <tr><td class="title">Erasmus+</td><td><a href="/en/news/1">News</a></td><td></td></tr>
      </tbody></table>`,
      LISTING_URL,
    );
    expect(broken?.rows).toEqual([]);
    expect(broken?.problems).toEqual([
      'listing row 1: no call link in the second cell',
      'listing row 2: the link https://www.euro-access.eu/en/news/1 is not a call page (/calls/<id>/…)',
    ]);
  });
});

describe('Euro-Access dates', () => {
  it('closes a deadline stated without a time at the end of that day', () => {
    expect(deadlineFrom('15.09.2026', 1, 'Europe/Brussels')).toEqual({
      stage: 1,
      deadlineAt: new Date('2026-09-15T21:59:59.000Z'),
      localDate: '2026-09-15',
      timeZone: 'Europe/Brussels',
    });
  });

  it('rejects dates that do not exist', () => {
    expect(deadlineFrom('31.02.2026 17:00', 1, 'Europe/Brussels')).toBe(null);
    expect(deadlineFrom('12.11.2025 25:00', 1, 'Europe/Brussels')).toBe(null);
  });
});
