import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interregAlgoliaKind } from '../../scrapers/interreg-algolia/index.js';
import type { NormalisedCall } from '../../scrapers/types.js';
import { loadConfig } from '../../src/config.js';
import { previewDigest } from '../../src/control/commands/digests.js';
import { importTenant } from '../../src/control/commands/import-tenant.js';
import { calls, matches, priorityAreas, sources, tenants } from '../../src/db/schema/index.js';
import { runSourcePoll } from '../../src/ingest/run-poll.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fixturePath } from '../helpers/shared.js';
import { silentLogger } from '../helpers/workers.js';

/**
 * Interreg calls from interreg.eu's recorded index, matched and sent like any other: the
 * recorded Sudoe calls (programme area Spain, France, Portugal, Andorra) never match
 * Fredrikstad (Norway), while the same call in a programme area that includes Norway
 * reaches the department whose areas it fits, in its digest.
 */
describe('Interreg calls for a Norwegian municipality', () => {
  let database: TestDatabase;
  // Before the recorded calls' deadlines (30 September and 30 October 2026).
  const clock = new ManualClock(new Date('2026-06-01T06:00:00Z'));
  let recorded: NormalisedCall[];
  let northSea: NormalisedCall;
  let tenantId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const folder = path.dirname(
      fixturePath('sources', 'interreg-eu', 'algolia-calls-for-projects.projection.json'),
    );
    recorded = (
      await interregAlgoliaKind.replay({
        folder,
        baseUrl: 'https://interreg.eu/calls-for-projects/',
        settings: interregAlgoliaKind.parseSettings({}),
        now: clock.now(),
      })
    ).records;
    const base = recorded.at(-1) as NormalisedCall;
    // The recorded call as a North Sea programme would publish it: its area includes Norway.
    northSea = {
      ...base,
      naturalKey: `${base.naturalKey}-north-sea`,
      identifier: `${base.identifier}-NS`,
      programmeName: 'Interreg North Sea',
      eligibleCountries: ['BE', 'DE', 'DK', 'FR', 'NL', 'NO', 'SE'],
      eligibleRegions: [],
    };
    await database.db.insert(sources).values({
      id: 'interreg-eu',
      kind: 'interreg-algolia',
      name: 'interreg.eu',
      baseUrl: 'https://interreg.eu/calls-for-projects/',
      schedule: '0 5 * * *',
    });
    const records = [...recorded, northSea];
    await runSourcePoll(
      { db: database.db, logger: silentLogger, clock },
      {
        sourceId: 'interreg-eu',
        asOf: '2026-06-01',
        now: clock.now(),
        collect: async () => ({
          records,
          pages: 1,
          received: records.length,
          skipped: 0,
          legacyRecords: 0,
          emptyPages: [],
          warnings: [],
        }),
      },
    );
    const fredrikstad = (await exampleProfiles()).find((entry) => entry.slug === 'fredrikstad');
    if (!fredrikstad) throw new Error('the Fredrikstad example profile is missing');
    // The international office wants every Interreg call it could join, not only the best.
    const profile = {
      ...fredrikstad.profile,
      departments: fredrikstad.profile.departments.map((department) =>
        department.key === 'international' ? { ...department, digestMinScore: 30 } : department,
      ),
    };
    await importTenant(
      { db: database.db, logger: silentLogger, config: loadConfig({}), clock },
      { slug: 'fredrikstad', profile },
    );
    const [tenant] = await database.db
      .select({ id: tenants.id })
      .from(tenants)
      .where(eq(tenants.slug, 'fredrikstad'));
    tenantId = tenant?.id as string;
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function matchedNaturalKeys(): Promise<Set<string>> {
    const rows = await database.db
      .select({ naturalKey: calls.naturalKey })
      .from(matches)
      .innerJoin(calls, eq(calls.id, matches.callId))
      .where(eq(matches.tenantId, tenantId));
    return new Set(rows.map((row) => row.naturalKey));
  }

  it('never matches a programme whose area excludes Norway', async () => {
    expect(recorded.length).toBeGreaterThan(0);
    for (const call of recorded) expect(call.eligibleCountries).not.toContain('NO');
    const matched = await matchedNaturalKeys();
    for (const call of recorded) expect(matched.has(call.naturalKey)).toBe(false);
  });

  it("matches the same call in an area with Norway, and puts it in the department's digest", async () => {
    expect(await matchedNaturalKeys()).toContain(northSea.naturalKey);
    // For the Interreg area, by the programme's name: the recorded call's text does not say it.
    const interregMatch = await database.db
      .select({ score: matches.score })
      .from(matches)
      .innerJoin(calls, eq(calls.id, matches.callId))
      .innerJoin(priorityAreas, eq(priorityAreas.id, matches.areaId))
      .where(and(eq(calls.naturalKey, northSea.naturalKey), eq(priorityAreas.key, 'interreg')));
    expect(interregMatch).toHaveLength(1);
    expect(`${northSea.title} ${northSea.descriptionText}`).not.toMatch(/interreg/i);
    const [stored] = await database.db
      .select({ id: calls.id })
      .from(calls)
      .where(inArray(calls.naturalKey, [northSea.naturalKey]));
    const digest = await previewDigest(
      { db: database.db, logger: silentLogger, config: loadConfig({}), clock },
      // The week after the poll: the call is new in it.
      {
        tenant: 'fredrikstad',
        department: 'international',
        recipient: 'international@fredrikstad.example',
        asOf: '2026-06-08',
      },
    );
    expect(stored).toBeDefined();
    // The text part wraps long titles: compare with the line breaks as spaces.
    expect(digest.text.replace(/\s+/g, ' ')).toContain(northSea.title);
    expect(digest.html).toContain(northSea.title);
  });
});
