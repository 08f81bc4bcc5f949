import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionCategoryOf,
  eligibleCountriesOf,
  programmeStrandsOf,
} from '../../scrapers/ft-portal/identifiers.js';
import { normaliseRecord } from '../../scrapers/ft-portal/normalise.js';
import { parseRecord } from '../../scrapers/ft-portal/parse.js';
import { calls } from '../../src/db/schema/index.js';
import { contentHashOf } from '../../src/ingest/content-hash.js';
import { FeatureCache } from '../../src/matching/corpus-loader.js';
import { eligibilityOf } from '../../src/matching/eligibility.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';
import { rawRecords } from '../helpers/raw-snapshots.js';

const DAY = '2026-06-25';
const CITIES_MISSION = 'Horizon Europe mission: climate-neutral and smart cities';

/** The normalised fields go through ingestion into the calls table and from there to matching. */
describe('normalised call fields, stored and matched', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, DAY);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('stores what the scraper read from each identifier and action label', async () => {
    const rows = await database.db.select().from(calls);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.programmeStrands, row.identifier).toEqual(programmeStrandsOf(row.identifier));
      expect(row.actionCategory, row.identifier).toBe(
        actionCategoryOf(row.identifier, row.typeOfAction),
      );
      expect(row.eligibleCountries, row.identifier).toEqual(eligibleCountriesOf(row.identifier));
    }
    expect(rows.some((row) => row.programmeStrands.includes('MISS-CIT'))).toBe(true);
    expect(rows.some((row) => row.eligibleCountries.length > 0)).toBe(true);
  });

  it('matches on the stored fields: strand priors and country restrictions', async () => {
    const { features } = await new FeatureCache().loadOpenCalls(database.db);
    const cities = features.filter((feature) => feature.call.programmeStrands.includes('MISS-CIT'));
    expect(cities.length).toBeGreaterThan(0);
    for (const feature of cities)
      expect(feature.priors.map((prior) => prior.label)).toContain(CITIES_MISSION);
    const restricted = features.filter((feature) => feature.call.eligibleCountries.length > 0);
    expect(restricted.length).toBeGreaterThan(0);
    for (const feature of restricted) {
      expect(eligibilityOf(feature.call, 'SE')).toEqual({
        eligible: false,
        reason: expect.stringMatching(/^restricted to applicants in /),
      });
    }
  });

  it('counts the normalised fields in the content hash', async () => {
    const [raw] = (await rawRecords(DAY)).filter((record) =>
      /^HORIZON-MISS-\d{4}-\d+-CIT/.test(record.metadata?.identifier?.[0] ?? ''),
    );
    if (!raw) throw new Error(`no cities-mission topic in the ${DAY} snapshot`);
    const call = normaliseRecord(parseRecord(raw));
    expect(contentHashOf({ ...call, programmeStrands: [] })).not.toBe(contentHashOf(call));
    const otherCategory = call.actionCategory === 'research' ? 'innovation' : 'research';
    expect(contentHashOf({ ...call, actionCategory: otherCategory })).not.toBe(contentHashOf(call));
    expect(contentHashOf({ ...call, eligibleCountries: ['ZA'] })).not.toBe(contentHashOf(call));
  });
});
