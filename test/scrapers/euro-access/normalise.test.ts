import { describe, expect, it } from 'vitest';
import { type DetailParse, parseDetail } from '../../../scrapers/euro-access/detail.js';
import { type ListingRow, parseListing } from '../../../scrapers/euro-access/listing.js';
import { normaliseCall, programmeCodeOf } from '../../../scrapers/euro-access/normalise.js';
import { parseEuroAccessSettings } from '../../../scrapers/euro-access/settings.js';
import { detail135Html, LISTING_URL, listingHtml, twoStageHtml } from './recordings.js';

const settings = parseEuroAccessSettings({});
const rows = parseListing(listingHtml, LISTING_URL)?.rows ?? [];
function row(callId: string): ListingRow {
  const found = rows.find((candidate) => candidate.callId === callId);
  if (!found) throw new Error(`call ${callId} is not in the recorded listing`);
  return found;
}
const detail135 = parseDetail(detail135Html) as DetailParse;

describe('Euro-Access normalisation', () => {
  it('makes a full record of call 135 from its row and detail page', () => {
    const { record, warnings } = normaliseCall(row('135'), detail135, settings);
    expect(warnings).toEqual([]);
    expect(record).toMatchObject({
      naturalKey: 'euro-access:135',
      identifier: 'ERASMUS-EDU-2022-ECHE-CERT-FP',
      callIdentifier: 'ERASMUS-EDU-2022-ECHE-CERT-FP',
      title: 'Erasmus Charter for Higher Education - 5th cut-off date',
      programmeName: 'Erasmus+',
      // The call number's prefix is the portal's programme abbreviation.
      programmeCode: 'ERASMUS',
      openingAt: new Date('2022-02-22T23:00:00.000Z'),
      deadlines: [
        {
          stage: 1,
          deadlineAt: new Date('2026-01-27T16:00:00.000Z'),
          localDate: '2026-01-27',
          timeZone: 'Europe/Brussels',
        },
      ],
      budget: null,
      applicantTypes: [],
      tags: ['Erasmus+', 'Education & Training', 'Children & Youth', 'Media'],
      language: 'en',
      sourceUrl: row('135').detailUrl,
      thin: false,
    });
    expect(record.eligibleCountries).toHaveLength(27 + 9);
    expect(record.eligibleCountries).toEqual(expect.arrayContaining(['SE', 'NO', 'GR']));
  });

  it('links back to Euro-Access first, then the programme’s own page', () => {
    const { record } = normaliseCall(row('135'), detail135, settings);
    // Call 135's submission link is the call link again: listed once.
    expect(record.links).toEqual([
      { label: 'Euro-Access', url: row('135').detailUrl },
      { label: 'Link to the call', url: detail135.callLink },
    ]);
  });

  it('describes the call from the kept fields only', () => {
    const { record } = normaliseCall(row('135'), detail135, settings);
    expect(record.descriptionHtml).toMatch(/^<p>This Call aims at accrediting/);
    expect(record.descriptionHtml).toContain('<h4>Call objectives</h4>');
    expect(record.descriptionHtml).toContain(
      '<p><strong>Eligible entities:</strong> Education and training institution, Research Institution incl. University</p>',
    );
    expect(record.descriptionText).toContain('ECHE holders will be subject to regular monitoring');
    expect(record.descriptionText).not.toContain('<');
    expect(record.descriptionHtml).not.toContain('Application Form Part A');
  });

  it('reads both stages, the budget and the funding rate where the page has them', () => {
    const detail = parseDetail(twoStageHtml) as DetailParse;
    const { record } = normaliseCall(row('2351'), detail, settings);
    expect(record.programmeName).toBe('Horizon Europe: Cluster 5 - Climate, Energy and Mobility');
    expect(record.programmeCode).toBe('HORIZON');
    expect(record.deadlines.map((d) => [d.stage, d.deadlineAt.toISOString(), d.localDate])).toEqual(
      [
        [1, '2026-02-17T16:00:00.000Z', '2026-02-17'],
        [2, '2026-09-15T15:00:00.000Z', '2026-09-15'],
      ],
    );
    expect(record.budget).toEqual({
      currency: 'EUR',
      total: 20_000_000,
      minPerGrant: 4_000_000,
      maxPerGrant: 5_000_000,
      expectedGrants: null,
    });
    expect(record.descriptionHtml).toContain('<p><strong>Funding rate:</strong> 70%</p>');
    expect(record.descriptionHtml).not.toContain('script');
    expect(record.eligibleCountries).toEqual(expect.arrayContaining(['IS', 'NO', 'UA', 'SE']));
    expect(record.links.map((link) => link.label)).toEqual([
      'Euro-Access',
      'Link to the call',
      'Link to the submission',
    ]);
  });

  it('makes a thin record from the listing when no detail page was read', () => {
    const { record, warnings } = normaliseCall(row('2193'), null, settings);
    expect(warnings).toEqual([]);
    expect(record).toMatchObject({
      naturalKey: 'euro-access:2193',
      identifier: 'EA-2193',
      callIdentifier: null,
      title: 'Interreg Baltic Sea Region - Project Platforms 2025',
      programmeName: 'Interreg Baltic Sea Region',
      programmeCode: null,
      descriptionHtml: '',
      descriptionText: '',
      openingAt: null,
      eligibleCountries: [],
      tags: ['Interreg Baltic Sea Region'],
      links: [{ label: 'Euro-Access', url: row('2193').detailUrl }],
      thin: true,
    });
    expect(record.deadlines.map((d) => d.deadlineAt.toISOString())).toEqual([
      '2025-11-20T15:00:00.000Z',
    ]);
  });

  it('uses EA-<id> when a detail page gives no call number (Interreg calls)', () => {
    const interreg = { ...detail135, callNumber: null, programme: 'Interreg South Baltic' };
    const { record } = normaliseCall(row('2379'), interreg, settings);
    expect([record.identifier, record.callIdentifier, record.programmeCode]).toEqual([
      'EA-2379',
      null,
      null,
    ]);
  });

  it('keeps no country list when a name is unknown, and says which', () => {
    const odd = { ...detail135, regions: ['EU Member States', 'EEA countries'] };
    const { record, warnings } = normaliseCall(row('135'), odd, settings);
    expect(record.eligibleCountries).toEqual([]);
    expect(warnings).toEqual(['call 135: countries not recognised (EEA countries), none kept']);
  });

  it('reads dates in settings.timeZone when one is given', () => {
    const london = parseEuroAccessSettings({ timeZone: 'Europe/London' });
    const { record } = normaliseCall(row('135'), detail135, london);
    expect(record.deadlines[0]).toMatchObject({
      deadlineAt: new Date('2026-01-27T17:00:00.000Z'),
      timeZone: 'Europe/London',
    });
  });

  it('derives a programme code only from a portal-style call number', () => {
    expect(programmeCodeOf('HORIZON-CL3-2025-01-DRS-02')).toBe('HORIZON');
    expect(programmeCodeOf('EU4H-2025-PJ-03')).toBe('EU4H');
    expect(programmeCodeOf('EuropeAid/184841/ID/ACT/RS')).toBe(null);
    expect(programmeCodeOf('IBSR-2025-PP')).toBe(null);
    expect(programmeCodeOf(null)).toBe(null);
  });
});
