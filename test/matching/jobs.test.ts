import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { matches } from '../../src/db/schema/index.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { FtReplayServer } from '../helpers/ft-replay-server.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';
import { startReplayWorkers } from '../helpers/workers.js';

/** Polls feed matching through the queue: new calls are matched for every tenant. */
describe('matching as queued jobs after a poll', () => {
  let database: TestDatabase;
  let server: FtReplayServer;
  let workers: Awaited<ReturnType<typeof startReplayWorkers>>;
  let tenantId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const lidingo = (await exampleProfiles()).find((entry) => entry.slug === 'lidingo');
    tenantId = (await importProfile(database.db, 'lidingo', lidingo?.profile as never, systemClock))
      .tenantId;
    server = await new FtReplayServer().start();
    workers = await startReplayWorkers(database.db, server);
  });

  afterAll(async () => {
    await workers?.close();
    await server?.stop();
    await database?.drop();
  });

  const matchCount = async () =>
    (
      await database.db
        .select({ value: count() })
        .from(matches)
        .where(eq(matches.tenantId, tenantId))
    )[0]?.value ?? 0;

  it('matches the calls a poll brought in, for the existing tenant', async () => {
    expect(await matchCount()).toBe(0);
    await server.serveSnapshot(dailySnapshotFolder('2026-06-25'));
    await workers.poll('2026-06-25');
    await workers.drained();
    expect(await matchCount()).toBeGreaterThan(20);
  });

  it('changes nothing when the same poll runs again', async () => {
    const before = await database.db
      .select()
      .from(matches)
      .where(eq(matches.tenantId, tenantId))
      .orderBy(matches.areaId, matches.callId);
    await workers.poll('2026-06-25');
    await workers.drained();
    const after = await database.db
      .select()
      .from(matches)
      .where(eq(matches.tenantId, tenantId))
      .orderBy(matches.areaId, matches.callId);
    expect(after.map((row) => [row.callId, row.score])).toEqual(
      before.map((row) => [row.callId, row.score]),
    );
  });
});
