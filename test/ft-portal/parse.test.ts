import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseRecord } from '../../scrapers/ft-portal/normalise.js';
import { parseRecord } from '../../scrapers/ft-portal/parse.js';
import {
  MalformedResponseError,
  parseSearchPage,
  type SediaResult,
} from '../../scrapers/ft-portal/raw.js';
import { selectCurrentRecords } from '../../scrapers/ft-portal/select.js';
import { identifierOf, meta, rawRecords } from '../helpers/raw-snapshots.js';
import { fixturePath } from '../helpers/shared.js';

function searchFixture(name: string): SediaResult[] {
  return parseSearchPage(readFileSync(fixturePath('ft-portal', 'search', name), 'utf8')).results;
}

const selection = searchFixture('search_open-forthcoming_2026-06-27_municipal-selection.json');
function normalised(identifier: string) {
  const record = selection.find((result) => result.metadata?.identifier?.[0] === identifier);
  if (!record) throw new Error(`${identifier} not in the fixture`);
  return normaliseRecord(parseRecord(record));
}

describe('F&T record parsing on real portal records', () => {
  it('keeps both deadlines of a two-stage call, at 17:00 Brussels time across DST', () => {
    const soil = normalised('HORIZON-MISS-2027-05-SOIL-04-two-stage');
    expect(
      soil.deadlines.map((d) => [d.stage, d.deadlineAt.toISOString(), d.localDate, d.timeZone]),
    ).toEqual([
      [1, '2027-04-08T15:00:00.000Z', '2027-04-08', 'Europe/Brussels'],
      [2, '2027-09-14T15:00:00.000Z', '2027-09-14', 'Europe/Brussels'],
    ]);
    const life = normalised('LIFE-2026-STRAT-CLIMA-SIP-two-stage');
    // March is still winter time in Brussels (UTC+1), September summer time (UTC+2).
    expect(life.deadlines.map((d) => d.deadlineAt.toISOString())).toEqual([
      '2026-09-03T15:00:00.000Z',
      '2027-03-04T16:00:00.000Z',
    ]);
  });

  it('reads a stated deadline time as Brussels wall-clock time despite the +0000', () => {
    const thin = normalised('CERV-2024-CITIZENS-TOWN-NT');
    // "2024-04-18T17:00:00.000+0000" is 17:00 in Brussels (CEST), 15:00 UTC.
    expect(thin.deadlines[0]?.deadlineAt.toISOString()).toBe('2024-04-18T15:00:00.000Z');
  });

  it('unpacks keywords stored as one JSON-encoded string', () => {
    const call = normalised('CERV-2024-CITIZENS-TOWN-NT');
    expect(call.keywords).toContain('Roma');
    expect(call.keywords).toContain('New European Bauhaus initiative');
    expect(call.keywords.some((keyword) => keyword.startsWith('['))).toBe(false);
    // "Municipalities" and "municipalities" are one keyword.
    expect(
      call.keywords.filter((keyword) => keyword.toLowerCase() === 'municipalities'),
    ).toHaveLength(1);
  });

  it('reads a thin record: no description, the topic page as its link, not the JSON file', () => {
    const call = normalised('CERV-2024-CITIZENS-TOWN-NT');
    expect(call.thin).toBe(true);
    expect(call.descriptionText).toBe('');
    expect(call.sourceUrl).toBe(
      'https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/CERV-2024-CITIZENS-TOWN-NT',
    );
    expect(call.programmeCode).toBe('CERV');
  });

  it('reads a type 2 (EuropeAid) record: its own budget, UTC deadline, call page and documents', () => {
    const call = normalised('EuropeAid/186571/DD/ACT/ZA');
    expect(call.budget).toEqual({
      currency: 'EUR',
      total: 5_164_000,
      minPerGrant: null,
      maxPerGrant: null,
      expectedGrants: null,
    });
    expect(call.deadlines.map((d) => d.deadlineAt.toISOString())).toEqual([
      '2026-07-23T10:00:44.000Z',
    ]);
    expect(call.sourceUrl).toBe(
      'https://webgate.ec.europa.eu/prospect/external/publishedcalls.htm?callId=186571',
    );
    expect(call.programmeCode).toBe('RELEX-PROSPECT');
    expect(
      call.links.some((link) => link.label.startsWith('Guidelines for grant applicants')),
    ).toBe(true);
  });

  it("takes the budget of this topic's actions only, not the whole call's", () => {
    const soil = normalised('HORIZON-MISS-2027-05-SOIL-04-two-stage');
    expect(soil.budget).toEqual({
      currency: 'EUR',
      total: 11_000_000,
      minPerGrant: 5_500_000,
      maxPerGrant: 5_500_000,
      expectedGrants: 2,
    });
    expect(normalised('CERV-2026-CITIZENS-TOWN-TT').budget?.total).toBe(6_000_000);
  });

  it('names the programme from its code and drops identifier-like keywords', () => {
    const call = normalised('CERV-2026-CITIZENS-TOWN-TT');
    expect(call.programmeName).toBe('Citizens, Equality, Rights and Values Programme');
    expect(call.keywords).not.toContain('CERV-2026-CITIZENS-TOWN-TT');
    expect(call.keywords).toContain('Town twinning');
    expect(call.tags).toContain('Municipalities');
    expect(call.openingAt?.toISOString()).toBe('2026-05-05T22:00:00.000Z');
  });

  it('keeps the description readable as text and safe as HTML', () => {
    const call = normalised('CERV-2026-CITIZENS-TOWN-TT');
    expect(call.descriptionText).toContain('• Strengthened mutual understanding');
    expect(call.descriptionHtml).not.toMatch(/class=|<script|on\w+=/i);
    for (const anchor of call.descriptionHtml.match(/<a [^>]*>/g) ?? []) {
      expect(anchor).toContain('rel="noopener noreferrer nofollow"');
    }
  });

  it('prefers the current record over its legacy twin, and drops stale legacy-only records', async () => {
    const records = await rawRecords('2026-06-27');
    const current = new Set(
      records.filter((r) => meta(r, 'DATASOURCE')[0] === 'SEDIA').map(identifierOf),
    );
    const twins = records.filter(
      (r) => meta(r, 'DATASOURCE')[0] === 'SEDIA_PRD_CENTRICITY' && current.has(identifierOf(r)),
    );
    expect(twins.length).toBeGreaterThan(100);
    const now = new Date('2026-06-27T00:00:00+02:00');
    const selected = selectCurrentRecords(
      records.map((r) => normaliseRecord(parseRecord(r))),
      now,
    );
    const keys = selected.map((call) => call.naturalKey);
    expect(new Set(keys).size).toBe(keys.length);
    const twin = selected.find((call) => call.identifier === identifierOf(twins[0] as SediaResult));
    expect(twin?.fromLegacyIndex).toBe(false);
    const legacyOnly = selected.filter((call) => call.fromLegacyIndex);
    expect(legacyOnly.every((call) => call.deadlines.some((d) => d.deadlineAt >= now))).toBe(true);
  });

  it('drops a whole page of legacy records still flagged open with 2023/24 deadlines', () => {
    const page = searchFixture('search_open-forthcoming_2026-07-24_page-13-of-13_full.json');
    expect(page).toHaveLength(47);
    const calls = page.map((record) => normaliseRecord(parseRecord(record)));
    expect(calls.every((call) => call.fromLegacyIndex)).toBe(true);
    expect(selectCurrentRecords(calls, new Date('2026-07-24T00:00:00+02:00'))).toEqual([]);
  });

  it('rejects a truncated search response with a clear error', () => {
    const body = readFileSync(
      fixturePath(
        'ft-portal',
        'search',
        'search_open-forthcoming_2026-06-26_page-7-of-7_full.json',
      ),
      'utf8',
    );
    expect(() => parseSearchPage(body.slice(0, 5000))).toThrow(MalformedResponseError);
    expect(() => parseSearchPage('{"results": "nope"}')).toThrow(/lacks totalResults or results/);
  });
});
