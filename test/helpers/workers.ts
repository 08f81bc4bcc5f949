import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { and, count, desc, eq, ne } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { HttpClient, type HttpClientOptions } from '../../scrapers/http/client.js';
import type { Database } from '../../src/db/client.js';
import { jobOutbox, sourceRuns } from '../../src/db/schema/index.js';
import { BullmqJobQueue, startBullmqWorkers } from '../../src/jobs/bullmq.js';
import { OutboxRelay } from '../../src/jobs/outbox.js';
import { createProcessors } from '../../src/processors/index.js';
import { bullmqSchedulers } from '../../src/processors/reconcile-schedulers.js';
import { ManualClock } from './clock.js';
import { redisUrl } from './database.js';
import { outboxDigestSettings } from './digest-settings.js';
import type { FtReplayServer } from './ft-replay-server.js';
import { ensureFtPortalSource } from './sources.js';

export const silentLogger = pino({ level: 'silent' });

/**
 * Short timeout and back-off, and no interval between requests to one host, so tests finish
 * quickly; the behaviour is the same. `overrides` for a guarded client: `{ allowedHosts:
 * [server.host] }` lets a user-configured source reach the test's local server.
 */
export function testHttpClient(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    userAgent: 'callradar-test',
    timeoutMs: 1500,
    maxRetries: 2,
    perHostConcurrency: 2,
    retryBaseDelayMs: 5,
    minIntervalMs: 0,
    ...overrides,
  });
}

/**
 * The real worker path: BullMQ on the machine's Redis (a unique prefix per test file),
 * the production processors, the F&T source pointed at a local replay server. The workers'
 * clock follows the replayed day (a poll for `asOf` sets it to that day's start in
 * Brussels), so matching jobs judge calls as of the day the poll derived them for.
 */
export async function startReplayWorkers(
  db: Database,
  server: FtReplayServer,
  clock = new ManualClock(new Date()),
) {
  const prefix = `callradar-test-${randomUUID()}`;
  await ensureFtPortalSource(db, {
    searchUrl: server.searchUrl,
    topicDetailsUrl: server.topicDetailsUrl,
  });
  // Sources other than the portal go through the SSRF guard: a test's local servers are
  // allowed by address, nothing else internal is.
  const http = testHttpClient({ allowedHosts: ['127.0.0.1'] });
  const producer = new BullmqJobQueue(redisUrl, prefix);
  const relay = new OutboxRelay({ db, logger: silentLogger }, { kind: 'forward', queue: producer });
  const processors = createProcessors({
    db,
    http,
    logger: silentLogger,
    clock,
    jobs: () => producer,
    outbox: relay,
    schedulers: bullmqSchedulers(producer),
    digests: outboxDigestSettings(),
  });
  relay.start(60_000);
  const workers = startBullmqWorkers(redisUrl, processors, silentLogger, prefix);

  /** Enqueues one poll (of the portal unless told) and waits until its run is finished. */
  async function poll(asOf?: string, sourceId = 'ft-portal') {
    if (asOf) clock.set(startOfLocalDay(asOf, BRUSSELS));
    const before = await finishedRuns(db, sourceId);
    await producer.enqueue('sources', 'poll-source', { sourceId, trigger: 'manual', asOf });
    const deadline = Date.now() + 60_000;
    while ((await finishedRuns(db, sourceId)) === before) {
      if (Date.now() > deadline) throw new Error('the poll did not finish within 60 s');
      await sleep(50);
    }
    const [run] = await db
      .select()
      .from(sourceRuns)
      .where(eq(sourceRuns.sourceId, sourceId))
      .orderBy(desc(sourceRuns.id))
      .limit(1);
    if (!run) throw new Error('no source run recorded');
    return run;
  }

  /** Resolves once no follow-up is left in job_outbox and no job is waiting, delayed or running. */
  async function drained(timeoutMs = 60_000) {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queues = ['sources', 'matching'].map((name) => new Queue(name, { connection, prefix }));
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const counts = await Promise.all(
          queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
        );
        const idle = counts.every((count) => Object.values(count).every((value) => value === 0));
        if (idle && (await db.select({ value: count() }).from(jobOutbox))[0]?.value === 0) return;
        if (Date.now() > deadline) throw new Error('jobs still pending after the timeout');
        await sleep(50);
      }
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
      await connection.quit();
    }
  }

  /** Every call id a rematch-calls job was queued for so far (in any state), in order. */
  async function rematchedCallIds(): Promise<string[]> {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('matching', { connection, prefix });
    try {
      const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
      return jobs
        .filter((job) => job.name === 'rematch-calls')
        .sort((a, b) => a.timestamp - b.timestamp)
        .flatMap((job) => (job.data as { callIds: string[] }).callIds);
    } finally {
      await queue.close();
      await connection.quit();
    }
  }

  async function close() {
    await workers.close();
    await relay.close();
    await producer.close();
    await http.close();
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    for (const name of ['sources', 'matching'])
      await new Queue(name, { connection, prefix }).obliterate({ force: true });
    await connection.quit();
  }
  return { poll, drained, rematchedCallIds, close, clock, producer, prefix };
}

async function finishedRuns(db: Database, sourceId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(sourceRuns)
    .where(and(eq(sourceRuns.sourceId, sourceId), ne(sourceRuns.outcome, 'running')));
  return row?.value ?? 0;
}
