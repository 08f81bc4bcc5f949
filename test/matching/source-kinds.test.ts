import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalisedCall } from '../../scrapers/types.js';
import { compileArea } from '../../src/matching/area-model.js';
import { MATCH_THRESHOLD } from '../../src/matching/batch.js';
import { extractFeatures } from '../../src/matching/call-features.js';
import { eligibilityOf } from '../../src/matching/eligibility.js';
import { scoreCallForArea } from '../../src/matching/score.js';
import { type GenericSourceKind, sourceKindDefinitions } from '../../src/sources/kinds.js';
import { readySources } from '../../src/sources/ready-sources.js';
import type { Profile } from '../../src/tenants/profile.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { fixturePath } from '../helpers/shared.js';

/**
 * Calls of every kind of source, matched from their own fields: short texts, themes and a
 * programme's name instead of portal codes, a programme area instead of the portal's
 * participation table. Each kind is read from its recording (or, where none exists, the
 * page written for its tests) with the settings its ready configuration ships.
 */
const now = new Date('2026-06-01T00:00:00Z');
const ownFixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/sources/${name}/`, import.meta.url));

async function replayed(kind: GenericSourceKind, folder: string, readyId: string) {
  const ready = readySources.find((source) => source.id === readyId);
  if (!ready) throw new Error(`no ready configuration ${readyId}`);
  const definition = sourceKindDefinitions[kind];
  const result = await definition.replay({
    folder,
    baseUrl: ready.baseUrl,
    settings: definition.parseSettings(ready.settings),
    now,
  });
  return result.records;
}

let profiles: Map<string, Profile>;
beforeAll(async () => {
  profiles = new Map((await exampleProfiles()).map((entry) => [entry.slug, entry.profile]));
});

function matchOf(call: NormalisedCall, slug: string, areaKey: string) {
  const profile = profiles.get(slug) as Profile;
  const area = profile.areas.find((candidate) => candidate.key === areaKey);
  if (!area) throw new Error(`${slug} has no area ${areaKey}`);
  const matchable = { ...call, id: call.naturalKey, status: 'open' as const, nextDeadlineAt: null };
  return scoreCallForArea(
    extractFeatures(matchable),
    compileArea(area, profile.tenant.languages),
    eligibilityOf(matchable, profile.tenant.country),
    { now, deadlineFeasibility: false },
  );
}

const byTitle = (records: NormalisedCall[], title: string) => {
  const found = records.find((record) => record.title === title);
  if (!found) throw new Error(`no call "${title}" in ${records.map((r) => r.title).join(' | ')}`);
  return found;
};

describe('calls of every kind of source, matched', () => {
  it('html-list: a programme-site call without a summary matches on its title', async () => {
    const records = await replayed(
      'html-list',
      ownFixture('urban-initiative'),
      'european-urban-initiative',
    );
    const peerReviews = byTitle(
      records,
      'Peer Reviews of Sustainable Urban Development Strategies 2026',
    );
    expect(peerReviews.thin).toBe(true);
    const lidingo = matchOf(peerReviews, 'lidingo', 'urban');
    expect(lidingo.eligible).toBe(true);
    expect(lidingo.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    // The European Urban Initiative is for the Member States' cities: not Fredrikstad's.
    expect(matchOf(peerReviews, 'fredrikstad', 'climate_urban').eligible).toBe(false);
  });

  it("html-list: a cross-border programme's calls are open to both sides, and found by its name", async () => {
    const records = await replayed(
      'html-list',
      ownFixture('interreg-sverige-norge'),
      'interreg-sverige-norge',
    );
    expect(records.length).toBeGreaterThan(0);
    for (const call of records) {
      expect(call.programmeName).toBe('Interreg Sverige-Norge');
      const fredrikstad = matchOf(call, 'fredrikstad', 'interreg');
      expect(fredrikstad.eligible, call.title).toBe(true);
      expect(fredrikstad.score, call.title).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
      expect(matchOf(call, 'alvesta', 'twin_towns').eligible, call.title).toBe(true);
    }
  });

  it('rss: calls announced as news reach an Interreg area, in the programme area only', async () => {
    const records = await replayed('rss', ownFixture('interreg-baltic-rss'), 'interreg-baltic-sea');
    expect(records.length).toBeGreaterThan(0);
    for (const call of records) {
      const fredrikstad = matchOf(call, 'fredrikstad', 'interreg');
      expect(fredrikstad.eligible, call.title).toBe(true);
      expect(fredrikstad.score, call.title).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    }
    const outside = { ...(records[0] as NormalisedCall), eligibleCountries: ['DE', 'PL'] };
    expect(matchOf(outside, 'fredrikstad', 'interreg').eligible).toBe(false);
  });

  it("ical: interreg.no's calls are for Norwegian partners, read in Norwegian", async () => {
    const records = await replayed('ical', ownFixture('interreg-no-ical'), 'interreg-no');
    expect(records.length).toBeGreaterThan(0);
    const namesInterreg = (call: NormalisedCall) =>
      /interreg/i.test(`${call.title} ${call.descriptionText} ${call.tags.join(' ')}`);
    expect(records.some(namesInterreg)).toBe(true);
    expect(records.some((call) => !namesInterreg(call))).toBe(true);
    for (const call of records) {
      expect(call.language).toBe('nb');
      const fredrikstad = matchOf(call, 'fredrikstad', 'interreg');
      expect(fredrikstad.eligible, call.title).toBe(true);
      // The text is Norwegian: the area's Norwegian words find it; Nordplus is not Interreg.
      expect(fredrikstad.score > 0, call.title).toBe(namesInterreg(call));
      expect(matchOf(call, 'lidingo', 'urban').eligible, call.title).toBe(false);
    }
  });

  it("euro-access: a detail page's countries decide, and its text matches", async () => {
    const folder = path.dirname(fixturePath('sources', 'euro-access', 'call-detail-135.html'));
    const records = await replayed('euro-access', folder, 'euro-access');
    const charter = records.find((record) => record.naturalKey === 'euro-access:135');
    if (!charter) throw new Error('call 135 is missing');
    expect(charter.eligibleCountries).toContain('NO');
    const lidingo = matchOf(charter, 'lidingo', 'schools_youth');
    expect(lidingo.eligible).toBe(true);
    expect(lidingo.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(matchOf(charter, 'fredrikstad', 'education').eligible).toBe(true);
  });
});
