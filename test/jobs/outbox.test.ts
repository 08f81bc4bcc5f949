import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { count } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { jobOutbox } from '../../src/db/schema/index.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq.js';
import type { Processors } from '../../src/jobs/contract.js';
import { InProcessRunner } from '../../src/jobs/in-process.js';
import { inProcessDelivery, OutboxRelay, recordFollowUp } from '../../src/jobs/outbox.js';
import { createTestDatabase, redisUrl, type TestDatabase } from '../helpers/database.js';
import { silentLogger } from '../helpers/workers.js';

const callIds = (n: number) => ({ callIds: [randomUUID(), randomUUID()].slice(0, n) });

describe('job_outbox and its relay', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const record = (rows: number) =>
    database.db.transaction(async (tx) => {
      for (let index = 0; index < rows; index += 1)
        await recordFollowUp(tx, 'matching', 'rematch-calls', callIds(2), new Date());
    });
  const left = async () => (await database.db.select({ n: count() }).from(jobOutbox))[0]?.n;

  it('keeps no follow-up of a transaction that rolled back', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await recordFollowUp(tx, 'matching', 'rematch-calls', callIds(1), new Date());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await left()).toBe(0);
  });

  it('forwards every row exactly once into BullMQ, with two relays draining at once', async () => {
    const rows = 250;
    await record(rows);
    const ids = (await database.db.select({ id: jobOutbox.id }).from(jobOutbox)).map(
      (row) => `outbox-${row.id}`,
    );
    const prefix = `callradar-test-${randomUUID()}`;
    const producers = [new BullmqJobQueue(redisUrl, prefix), new BullmqJobQueue(redisUrl, prefix)];
    const relays = producers.map(
      (queue) =>
        new OutboxRelay({ db: database.db, logger: silentLogger }, { kind: 'forward', queue }),
    );
    await Promise.all(relays.map((relay) => relay.drain()));
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('matching', { connection, prefix });
    try {
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs.map((job) => job.id).sort()).toEqual([...ids].sort());
      expect(await left()).toBe(0);
      // A row forwarded again after a crash between enqueue and delete is the same job.
      await producers[0]?.enqueue('matching', 'rematch-calls', callIds(1), { jobId: ids[0] });
      expect(await queue.getJobCountByTypes('waiting')).toBe(rows);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
      await Promise.all(producers.map((producer) => producer.close()));
    }
  });

  it('in-process: keeps a row until its job has run, and after a shutdown that abandoned it', async () => {
    let release = () => {};
    const ran: string[][] = [];
    const processors = (gate: Promise<void>): Processors => ({
      sources: {
        'poll-source': async () => {},
        'advance-statuses': async () => {},
        'reconcile-schedulers': async () => {},
      },
      matching: {
        'rematch-tenant': async () => {},
        'rematch-all': async () => {},
        'rematch-tenants': async () => {},
        'rematch-calls': async ({ callIds }) => {
          await gate;
          ran.push(callIds);
        },
      },
      digests: {
        'plan-digests': async () => {},
        'send-digest': async () => {},
        'recover-digests': async () => {},
      },
    });
    await record(2);
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runner = new InProcessRunner(processors(gate), silentLogger, systemClock);
    const relay = new OutboxRelay(
      { db: database.db, logger: silentLogger },
      inProcessDelivery(() => runner),
    );
    relay.poke();
    await sleep(300);
    // The first job is running, the second waits in memory: both rows are still there.
    expect(ran).toEqual([]);
    expect(await left()).toBe(2);
    relay.stop();
    const closing = runner.close();
    release();
    await closing;
    await relay.close();
    // The running job finished and its row went; the queued one was abandoned and stays.
    expect(ran).toHaveLength(1);
    expect(await left()).toBe(1);

    // The next process picks it up at start.
    const next = new InProcessRunner(processors(Promise.resolve()), silentLogger, systemClock);
    await new OutboxRelay(
      { db: database.db, logger: silentLogger },
      inProcessDelivery(() => next),
    ).drain();
    expect(ran).toHaveLength(2);
    expect(await left()).toBe(0);
    await next.close();
  });
});
