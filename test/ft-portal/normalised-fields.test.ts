import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { normaliseRecord } from '../../scrapers/ft-portal/normalise.js';
import { parseRecord } from '../../scrapers/ft-portal/parse.js';
import { parseSearchPage, type SediaResult } from '../../scrapers/ft-portal/raw.js';
import { UNNAMED_PARTNER_COUNTRIES } from '../../scrapers/types.js';
import { eligibilityOf } from '../../src/matching/eligibility.js';
import { fixturePath, sharedDir } from '../helpers/shared.js';

/**
 * What the portal's identifiers and action labels say reaches matching as normalised fields:
 * read here, on real records, so the matcher never parses an F&T reference.
 */
const selection = parseSearchPage(
  readFileSync(
    fixturePath(
      'ft-portal',
      'search',
      'search_open-forthcoming_2026-06-27_municipal-selection.json',
    ),
    'utf8',
  ),
).results.map((record) => normaliseRecord(parseRecord(record)));
const corpus = JSON.parse(
  gunzipSync(readFileSync(path.join(sharedDir, 'eval', 'corpus.json.gz'))).toString('utf8'),
) as Array<{ identifier: string; record: SediaResult }>;
const byIdentifier = (identifier: string) => {
  const call = selection.find((candidate) => candidate.identifier === identifier);
  if (!call) throw new Error(`${identifier} is not in the fixture`);
  return call;
};

describe('normalised fields from F&T identifiers and action labels', () => {
  it('names the Horizon Europe parts a topic belongs to, broadest first', () => {
    expect(byIdentifier('HORIZON-MISS-2026-04-CIT-02').programmeStrands).toEqual([
      'MISS',
      'MISS-CIT',
    ]);
    // A joint topic of two missions belongs to both.
    expect(byIdentifier('HORIZON-MISS-2027-07-CLIMA-CIT-NEB-01').programmeStrands).toEqual(
      expect.arrayContaining(['MISS', 'MISS-CLIMA', 'MISS-CIT']),
    );
    // Other programmes' identifiers have no documented structure to read.
    expect(byIdentifier('LIFE-2026-CET-HEATCOOLPLAN').programmeStrands).toEqual([]);
  });

  it('reads the type of action as a category', () => {
    const categories = new Map(selection.map((call) => [call.typeOfAction, call.actionCategory]));
    expect(categories.get('HORIZON  Research and Innovation Actions')).toBe('research');
    expect(categories.get('HORIZON Innovation Actions')).toBe('innovation');
    expect(categories.get('EU4H Operating Grants')).toBe('operating-grant');
    expect(categories.get('HORIZON Coordination and Support Actions')).toBeNull();
    expect(categories.get('CERV Lump Sum Grants')).toBeNull();
  });

  it('restricts a EuropeAid call to the country its reference names, or to unnamed partner countries', () => {
    expect(byIdentifier('EuropeAid/186571/DD/ACT/ZA').eligibleCountries).toEqual(['ZA']);
    const multi = corpus.filter(({ identifier }) => /^EuropeAid\/.*\/Multi$/.test(identifier));
    expect(multi.length).toBeGreaterThan(0);
    for (const { record } of multi) {
      expect(normaliseRecord(parseRecord(record)).eligibleCountries).toEqual([
        UNNAMED_PARTNER_COUNTRIES,
      ]);
    }
    // Commission topics restrict no country by their identifier.
    expect(byIdentifier('CERV-2026-CITIZENS-TOWN-TT').eligibleCountries).toEqual([]);
  });

  it('opens EIC Accelerator calls to companies only, and matching excludes them for a municipality', () => {
    const accelerator = corpus
      .map(({ record }) => normaliseRecord(parseRecord(record)))
      .filter((call) => call.typeOfAction === 'HORIZON EIC Accelerator');
    expect(accelerator.length).toBeGreaterThan(0);
    for (const call of accelerator) {
      expect(call.applicantTypes, call.identifier).toEqual(['companies']);
      const matchable = {
        ...call,
        id: call.identifier,
        status: 'open' as const,
        nextDeadlineAt: null,
      };
      expect(eligibilityOf(matchable, 'SE')).toEqual({ eligible: false, reason: 'companies only' });
    }
    expect(byIdentifier('HORIZON-MISS-2026-04-CIT-02').applicantTypes).toEqual([]);
  });
});
