import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { calls, matches } from '../../src/db/schema/index.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { createTestDatabase, redisUrl, type TestDatabase } from '../helpers/database.js';
import { FtReplayServer } from '../helpers/ft-replay-server.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';
import { openQueues } from '../helpers/worker-processes.js';
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

  let firstRun: Awaited<ReturnType<typeof workers.poll>>;

  /** Matching jobs that ran on this test's queues so far. */
  const matchingJobsRun = async () => {
    const queues = openQueues(redisUrl, workers.prefix);
    try {
      return (await queues.finishedJobs()).filter((job) => job.queueName === 'matching').length;
    } finally {
      await queues.close({ obliterate: false });
    }
  };

  const tenantMatches = () =>
    database.db
      .select({
        areaId: matches.areaId,
        callId: matches.callId,
        score: matches.score,
        explanation: matches.explanation,
      })
      .from(matches)
      .where(eq(matches.tenantId, tenantId))
      .orderBy(asc(matches.areaId), asc(matches.callId));

  it('matches the calls a poll brought in, for the existing tenant', async () => {
    expect(await matchCount()).toBe(0);
    await server.serveSnapshot(dailySnapshotFolder('2026-06-25'));
    firstRun = await workers.poll('2026-06-25');
    await workers.drained();
    expect(firstRun.counts.new).toBeGreaterThan(0);
    expect(await matchingJobsRun()).toBeGreaterThan(0);
    expect(await matchCount()).toBeGreaterThan(20);
  });

  it('changes nothing when the same poll runs again: no call, no queued re-match, no match', async () => {
    const before = await tenantMatches();
    const jobsBefore = await matchingJobsRun();
    const run = await workers.poll('2026-06-25');
    await workers.drained();
    // Every call the first poll stored is seen again unchanged, so nothing is re-matched.
    expect(run.counts).toMatchObject({
      new: 0,
      changed: 0,
      closed: 0,
      unchanged: firstRun.counts.new + firstRun.counts.changed,
    });
    expect(await matchingJobsRun()).toBe(jobsBefore);
    expect(await tenantMatches()).toEqual(before);

    // And if its follow-up ran anyway (delivered twice, or the nightly pass right after),
    // the re-matches run and store the same rows.
    const callIds = (await database.db.select({ id: calls.id }).from(calls)).map((row) => row.id);
    for (let start = 0; start < callIds.length; start += 500)
      await workers.producer.enqueue('matching', 'rematch-calls', {
        callIds: callIds.slice(start, start + 500),
      });
    await workers.producer.enqueue('matching', 'rematch-all', {});
    await workers.drained();
    expect(await matchingJobsRun()).toBeGreaterThan(jobsBefore + 1);
    expect(await tenantMatches()).toEqual(before);
  });
});
