import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { sources } from '../../src/db/schema/index.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq.js';
import {
  bullmqSchedulers,
  reconcileSchedulersProcessor,
} from '../../src/processors/reconcile-schedulers.js';
import { ensureBuiltInSources } from '../../src/sources/built-in.js';
import { buildTestApp, RecordingPokes, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, queryRows, redisUrl, type TestDatabase } from '../helpers/database.js';

describe('sources (admin): PATCH /v1/sources/:id, POST /v1/sources/:id/poll', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(new Date('2026-06-25T08:00:00Z'));
  const pokes = new RecordingPokes();
  let admin: { authorization: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    await ensureBuiltInSources(database.db, loadConfig({}), clock);
    app = await buildTestApp({ db: database.db, clock, followUps: pokes });
    admin = (await testKey(database.db, clock, 'admin')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const patch = (payload: unknown, id = 'ft-portal') =>
    app.inject({
      method: 'PATCH',
      url: `/v1/sources/${id}`,
      headers: admin,
      payload: payload as object,
    });
  const outbox = () =>
    queryRows<{ queue: string; job: string; payload: unknown }>(
      database.db,
      sql`select queue, job, payload from job_outbox order by id`,
    );
  const stored = async () =>
    (await database.db.select().from(sources).where(eq(sources.id, 'ft-portal')))[0];

  it('reschedules a source and queues a re-read of the schedulers with it', async () => {
    const before = (await outbox()).length;
    const response = await patch({ schedule: '15  4 * * 1-5' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: 'ft-portal',
      schedule: '15 4 * * 1-5',
      reschedule: 'queued',
    });
    expect((await stored())?.schedule).toBe('15 4 * * 1-5');
    const rows = await outbox();
    expect(rows.slice(before)).toEqual([
      { queue: 'sources', job: 'reconcile-schedulers', payload: {} },
    ]);
    expect(pokes.count).toBeGreaterThan(0);
    const again = await patch({ schedule: '15 4 * * 1-5' });
    expect(again.json().reschedule).toBe('unchanged');
    expect((await outbox()).length).toBe(rows.length);
  });

  it('rejects schedules the schedulers cannot take, naming the field', async () => {
    for (const schedule of ['61 * * * *', '0 0 5 * * *', 'every day', '* * * * *', '*/2 * * * *']) {
      const response = await patch({ schedule });
      expect(response.statusCode, schedule).toBe(400);
      expect(response.json().message, schedule).toMatch(/schedule/);
    }
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ enabled: 'yes' })).statusCode).toBe(400);
    expect((await patch({ priority: 1 })).statusCode).toBe(400);
    expect((await patch({ enabled: false }, 'atlantis')).statusCode).toBe(404);
  });

  it('queues a poll now as a follow-up, and refuses one for a disabled source', async () => {
    const before = (await outbox()).length;
    const pokesBefore = pokes.count;
    const response = await app.inject({
      method: 'POST',
      url: '/v1/sources/ft-portal/poll',
      headers: admin,
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ sourceId: 'ft-portal', poll: 'queued' });
    expect((await outbox()).slice(before)).toEqual([
      {
        queue: 'sources',
        job: 'poll-source',
        payload: { sourceId: 'ft-portal', trigger: 'manual' },
      },
    ]);
    expect(pokes.count).toBe(pokesBefore + 1);
    expect((await patch({ enabled: false })).json()).toMatchObject({
      enabled: false,
      reschedule: 'queued',
    });
    const refused = await app.inject({
      method: 'POST',
      url: '/v1/sources/ft-portal/poll',
      headers: admin,
    });
    expect(refused.statusCode).toBe(409);
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/sources/atlantis/poll',
      headers: admin,
    });
    expect(unknown.statusCode).toBe(404);
    await patch({ enabled: true });
  });

  it("a worker's reconcile job brings BullMQ's schedulers in line with the table", async () => {
    const prefix = `callradar-test-${randomUUID()}`;
    const producer = new BullmqJobQueue(redisUrl, prefix);
    const queue = new Queue('sources', { connection: producer.connection, prefix });
    const reconcile = reconcileSchedulersProcessor({
      db: database.db,
      schedulers: bullmqSchedulers(producer),
    });
    const pollScheduler = async () =>
      (await queue.getJobSchedulers()).find(
        (scheduler) => scheduler.key === 'poll-source:ft-portal',
      );
    try {
      await patch({ schedule: '45 6 * * *', enabled: true });
      await reconcile({}, { attempt: 1, jobId: 'test' });
      expect((await pollScheduler())?.pattern).toBe('45 6 * * *');
      await patch({ enabled: false });
      await reconcile({}, { attempt: 1, jobId: 'test' });
      expect(await pollScheduler()).toBeUndefined();
    } finally {
      await patch({ enabled: true });
      // The matching queue got the nightly re-match scheduler: leave nothing behind.
      const matching = new Queue('matching', { connection: producer.connection, prefix });
      for (const used of [queue, matching]) {
        await used.obliterate({ force: true });
        await used.close();
      }
      await producer.close();
    }
  });
});
