import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { sourceRuns } from '../../src/db/schema/index.js';
import { recoverAbandonedRuns } from '../../src/ingest/run-lease.js';
import { runSourcePoll } from '../../src/ingest/run-poll.js';
import { FT_PORTAL_SOURCE_ID } from '../../src/sources/built-in.js';
import { collectFtPortalSnapshot } from '../../src/sources/ft-portal.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';
import { ensureFtPortalSource } from '../helpers/sources.js';
import { silentLogger } from '../helpers/workers.js';

const DAY = '2026-05-07';
const now = startOfLocalDay(DAY, BRUSSELS);
const at = (date: Date) => ({ now: () => date });

/** Run rows of processes that died: left `running`, they are told apart and closed. */
describe('runs left running', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await ensureFtPortalSource(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const leftBehind = async (values: { jobId?: string; leaseExpiresAt: Date }) => {
    const [row] = await database.db
      .insert(sourceRuns)
      .values({
        sourceId: FT_PORTAL_SOURCE_ID,
        asOf: DAY,
        startedAt: now,
        owner: 'gone',
        ...values,
      })
      .returning();
    return row?.id as number;
  };
  const run = async (id: number) =>
    (await database.db.select().from(sourceRuns).where(eq(sourceRuns.id, id)))[0];

  it('marks failed a run past its lease, and leaves one whose lease still runs', async () => {
    const expired = await leftBehind({ leaseExpiresAt: new Date(now.getTime() + 60_000) });
    const live = await leftBehind({ leaseExpiresAt: new Date(now.getTime() + 600_000) });
    const recovered = await recoverAbandonedRuns({
      db: database.db,
      logger: silentLogger,
      clock: at(new Date(now.getTime() + 120_000)),
    });
    expect(recovered).toEqual([expired]);
    expect(await run(expired)).toMatchObject({ outcome: 'failed', leaseExpiresAt: null });
    expect((await run(expired))?.problems.join(' ')).toMatch(/stopped before finishing/);
    expect((await run(live))?.outcome).toBe('running');
  });

  it('lets a retry of the same job supersede the run its first attempt left running', async () => {
    const first = await leftBehind({
      jobId: 'poll-17',
      leaseExpiresAt: new Date(now.getTime() + 600_000),
    });
    const summary = await runSourcePoll(
      { db: database.db, logger: silentLogger, clock: at(now) },
      {
        sourceId: FT_PORTAL_SOURCE_ID,
        asOf: DAY,
        now,
        jobId: 'poll-17',
        collect: () => collectFtPortalSnapshot(dailySnapshotFolder(DAY), now),
      },
    );
    expect(summary.outcome).toBe('succeeded');
    expect((await run(first))?.outcome).toBe('failed');
    expect((await run(first))?.problems.join(' ')).toMatch(/later attempt of the same job/);
    expect(await run(summary.runId)).toMatchObject({ outcome: 'succeeded', leaseExpiresAt: null });
  });
});
