import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { count, desc, eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { jobOutbox, matches, sourceRuns } from '../../src/db/schema/index.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq.js';
import { createMatchingDeps, rematchCalls } from '../../src/matching/service.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { createTestDatabase, queryRows, redisUrl, type TestDatabase } from '../helpers/database.js';
import { FtReplayServer } from '../helpers/ft-replay-server.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';
import { ensureFtPortalSource } from '../helpers/sources.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';
import { silentLogger } from '../helpers/workers.js';

const DAY = '2026-06-25';

/** A database, a replay server on DAY, a tenant, and worker processes on their own prefix. */
function crashScene() {
  const scene = {
    database: null as unknown as TestDatabase,
    server: new FtReplayServer(),
    prefix: `callradar-test-${randomUUID()}`,
    pages: 0,
    workers: [] as WorkerProcess[],
    producer: null as unknown as BullmqJobQueue,
    async setUp() {
      scene.database = await createTestDatabase();
      await scene.server.start();
      scene.pages = (await scene.server.serveSnapshot(dailySnapshotFolder(DAY))).pageCount;
      await ensureFtPortalSource(scene.database.db, {
        searchUrl: scene.server.searchUrl,
        topicDetailsUrl: scene.server.topicDetailsUrl,
      });
      const lidingo = (await exampleProfiles()).find((entry) => entry.slug === 'lidingo');
      await importProfile(scene.database.db, 'lidingo', lidingo?.profile as never, systemClock);
      scene.producer = new BullmqJobQueue(redisUrl, scene.prefix);
    },
    async worker(env: Record<string, string>) {
      const worker = await startWorkerProcess({
        DATABASE_URL: scene.database.url,
        REDIS_URL: redisUrl,
        BULLMQ_PREFIX: scene.prefix,
        ...env,
      });
      scene.workers.push(worker);
      return worker;
    },
    poll: () =>
      scene.producer.enqueue('sources', 'poll-source', {
        sourceId: 'ft-portal',
        trigger: 'manual',
        asOf: DAY,
      }),
    lastRun: async () =>
      (await scene.database.db.select().from(sourceRuns).orderBy(desc(sourceRuns.id)).limit(1))[0],
    async tearDown() {
      for (const worker of scene.workers) await worker.stop();
      await scene.producer?.close();
      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      for (const name of ['sources', 'matching'])
        await new Queue(name, { connection, prefix: scene.prefix }).obliterate({ force: true });
      await connection.quit();
      await scene.server.stop();
      await scene.database?.drop();
    },
  };
  return scene;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('a worker killed between a poll commit and its follow-up work', () => {
  const scene = crashScene();
  const proxy = TcpProxy.forUrl(redisUrl);
  beforeAll(async () => {
    await scene.setUp();
    await proxy.start();
  });
  afterAll(async () => {
    await scene.tearDown();
    await proxy.stop();
  });

  // Two worker processes start and a snapshot is polled and matched: more than the default.
  it('matches the new calls once a worker runs again, without the nightly pass', {
    timeout: 180_000,
  }, async () => {
    const { db } = scene.database;
    // The first worker reaches Redis through a proxy; the poll's last page is held so the
    // test knows the poll is fetching, then Redis is cut off: the poll commits, and nothing
    // it hands to Redis afterwards arrives.
    const held = scene.server.holdPage(scene.pages);
    const first = await scene.worker({ REDIS_URL: proxy.urlFor(redisUrl) });
    await scene.poll();
    await held.reached;
    proxy.partition();
    held.release();
    const run = await waitFor('the poll to commit', async () => {
      const row = await scene.lastRun();
      return row && row.outcome !== 'running' ? row : undefined;
    });
    expect(run.outcome).toBe('succeeded');
    expect(run.counts.new).toBeGreaterThan(0);
    await first.kill();
    expect((await db.select({ n: count() }).from(matches))[0]?.n).toBe(0);

    await scene.worker({});
    const matchingQueue = new Queue('matching', {
      connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
      prefix: scene.prefix,
    });
    try {
      await waitFor(
        'the follow-ups to run',
        async () => {
          const [left] = await db.select({ n: count() }).from(jobOutbox);
          // The nightly scheduler keeps its next rematch-all delayed; only follow-ups count.
          const pending = (await matchingQueue.getJobs(['waiting', 'active', 'delayed'])).filter(
            (job) => job.name === 'rematch-calls',
          );
          const [matched] = await db.select({ n: count() }).from(matches);
          const idle = left?.n === 0 && pending.length === 0;
          return idle && (matched?.n ?? 0) > 0 ? true : undefined;
        },
        90_000,
      );
    } finally {
      await matchingQueue.close();
    }
    // What the restarted worker stored is what one sequential pass over the poll's calls
    // stores, and that is not nothing.
    const stored = await matchRows(scene.database);
    const callIds = (await queryRows<{ id: string }>(db, sql`select id from calls`)).map(
      (row) => row.id,
    );
    await rematchCalls(createMatchingDeps(db, silentLogger), { callIds, now: new Date() });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(await matchRows(scene.database));
    expect((await db.select().from(sourceRuns).where(eq(sourceRuns.id, run.id)))[0]?.outcome).toBe(
      'succeeded',
    );
  });
});

describe('a worker killed while its poll runs', () => {
  const scene = crashScene();
  beforeAll(() => scene.setUp());
  afterAll(() => scene.tearDown());

  it('has its run marked failed by the next worker, not left running', {
    timeout: 180_000,
  }, async () => {
    // A short lease so the test need not wait the default two minutes.
    const env = { RUN_LEASE_SECONDS: '2' };
    const held = scene.server.holdPage(1);
    const first = await scene.worker(env);
    await scene.poll();
    await held.reached;
    const running = await scene.lastRun();
    expect(running?.outcome).toBe('running');
    await first.kill();
    held.release();

    await scene.worker(env);
    const recovered = await waitFor('the run to be recovered', async () => {
      const row = await scene.lastRun();
      return row && row.id === running?.id && row.outcome !== 'running' ? row : undefined;
    });
    expect(recovered.outcome).toBe('failed');
    expect(recovered.finishedAt).not.toBeNull();
    expect(recovered.problems.join(' ')).toMatch(/stopped before finishing/);
  });
});

async function matchRows(database: TestDatabase) {
  const rows = await database.db
    .select()
    .from(matches)
    .orderBy(matches.tenantId, matches.areaId, matches.callId);
  return rows.map((row) => [row.areaId, row.callId, row.score, row.explanation]);
}
