import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { matches, matchFeedback } from '../../src/db/schema/index.js';
import { recordFeedback } from '../../src/matching/feedback-store.js';
import { createMatchingDeps, rematchTenants } from '../../src/matching/service.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';
import { silentLogger } from '../helpers/workers.js';
import { requester, storedTenant } from './profile-helpers.js';

const DAY = '2026-06-25';

describe('profile edits keep what hangs on an area', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let send: ReturnType<typeof requester>;
  let headers: Record<string, string>;
  const clock = new ManualClock(startOfLocalDay(DAY, BRUSSELS));

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, DAY);
    for (const { slug, profile } of await exampleProfiles()) {
      if (slug === 'lidingo') await importProfile(database.db, slug, profile, clock);
    }
    await rematchTenants(createMatchingDeps(database.db, silentLogger), { now: clock.now() });
    headers = (await testKey(database.db, clock, 'coordinator', 'lidingo')).headers;
    app = await buildTestApp({ db: database.db, clock });
    send = requester(app);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const rowsOf = async (areaId: string) => ({
    matches: await database.db.select().from(matches).where(eq(matches.areaId, areaId)),
    feedback: await database.db
      .select()
      .from(matchFeedback)
      .where(eq(matchFeedback.areaId, areaId)),
  });

  it('matches and feedback on an area survive a PATCH of its keywords (its id stays)', async () => {
    const { tenant, areas } = await storedTenant(database.db, 'lidingo');
    const area = areas.find((candidate) => candidate.key === 'health');
    if (!area) throw new Error('Lidingö has no health area');
    const { matches: matched } = await rowsOf(area.id);
    expect(matched.length).toBeGreaterThan(0);
    const callId = matched[0]?.callId as string;
    await recordFeedback(
      database.db,
      { tenantId: tenant.id, areaKey: 'health', callId, verdict: 'relevant' },
      clock,
    );
    const before = await rowsOf(area.id);

    const answer = await send('PATCH', '/v1/profile/areas/health', headers, {
      keywords: [...area.keywords, 'demensvård'],
    });
    expect(answer.status).toBe(200);

    const after = await storedTenant(database.db, 'lidingo');
    expect(after.areas.find((candidate) => candidate.key === 'health')?.id).toBe(area.id);
    expect(await rowsOf(area.id)).toEqual(before);
    expect(before.feedback).toHaveLength(1);
  });

  it('an area left out of the document goes, and its matches with it', async () => {
    // Through the whole document: the area "urban" goes, with the departments that list it.
    const document = (await send('GET', '/v1/profile', headers)).body;
    const urban = (await storedTenant(database.db, 'lidingo')).areas.find((a) => a.key === 'urban');
    expect((await rowsOf(urban?.id as string)).matches.length).toBeGreaterThan(0);
    document.areas = document.areas.filter((a: { key: string }) => a.key !== 'urban');
    document.departments = document.departments
      .map((d: { areas: string[] }) => ({ ...d, areas: d.areas.filter((key) => key !== 'urban') }))
      .filter((d: { areas: string[] }) => d.areas.length > 0);
    const answer = await send('PUT', '/v1/profile', headers, document);
    expect(answer.body).toMatchObject({ changed: true, rematch: 'queued' });
    expect((await rowsOf(urban?.id as string)).matches).toEqual([]);
  });
});
