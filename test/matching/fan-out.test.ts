import { randomUUID } from 'node:crypto';
import { asc, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { calls, matches, tenants } from '../../src/db/schema/index.js';
import { BullmqJobQueue, startBullmqWorkers } from '../../src/jobs/bullmq.js';
import { InProcessRunner } from '../../src/jobs/in-process.js';
import { MAX_MATCHES_PER_AREA } from '../../src/matching/batch.js';
import { createMatchingDeps, rematchCalls, rematchTenants } from '../../src/matching/service.js';
import { createProcessors } from '../../src/processors/index.js';
import {
  bullmqSchedulers,
  inProcessSchedulers,
} from '../../src/processors/reconcile-schedulers.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { createTestDatabase, redisUrl, type TestDatabase } from '../helpers/database.js';
import { outboxDigestSettings } from '../helpers/digest-settings.js';
import { ingestSnapshot } from '../helpers/ingest.js';
import { moveCallsToNow } from '../helpers/move-calls.js';
import { openQueues } from '../helpers/worker-processes.js';
import { silentLogger, testHttpClient } from '../helpers/workers.js';

const DAY = '2026-06-25';
/** Copies of each example profile: more tenants than one nightly batch takes. */
const COPIES = 8;

/**
 * The nightly pass (`rematch-all`) fans out into rematch-tenants jobs that any worker takes,
 * and those still trim each area to its best MAX_MATCHES_PER_AREA calls.
 */
describe('the nightly full pass, fanned out', () => {
  let database: TestDatabase;
  const http = testHttpClient();

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, DAY);
    // Each call twice: areas then have more matching calls than the per-area limit.
    await database.db.execute(sql`
      insert into calls (source_id, natural_key, identifier, title, programme_code, programme_name, call_identifier,
        call_title, type_of_action, description_text, description_html, opening_at, status, closed_reason,
        next_deadline_at, budget, eligible_countries, applicant_types, tags, keywords, language, source_url, links,
        content_hash, first_seen_at, last_seen_at)
      select source_id, natural_key || '~copy', identifier || '~copy', title, programme_code, programme_name,
        call_identifier, call_title, type_of_action, description_text, description_html, opening_at, status,
        closed_reason, next_deadline_at, budget, eligible_countries, applicant_types, tags, keywords, language,
        source_url, links, content_hash || '~copy', first_seen_at, last_seen_at
      from calls`);
    await database.db.execute(sql`
      insert into call_deadlines (call_id, stage, deadline_at, local_date, time_zone)
      select copy.id, d.stage, d.deadline_at, d.local_date, d.time_zone
      from calls copy join calls original on copy.natural_key = original.natural_key || '~copy'
      join call_deadlines d on d.call_id = original.id`);
    // The in-test workers run the production processors on the system clock.
    await moveCallsToNow(database.db, DAY, systemClock.now());
    const examples = await exampleProfiles();
    for (let copy = 0; copy < COPIES; copy += 1)
      for (const { slug, profile } of examples)
        await importProfile(database.db, `${slug}-${copy}`, profile, systemClock);
  });

  afterAll(async () => {
    await http.close();
    await database?.drop();
  });

  const storedRows = async () =>
    (
      await database.db
        .select({
          tenantId: matches.tenantId,
          areaId: matches.areaId,
          callId: matches.callId,
          score: matches.score,
        })
        .from(matches)
        .orderBy(asc(matches.tenantId), asc(matches.areaId), asc(matches.callId))
    ).map((row) => `${row.tenantId}/${row.areaId}/${row.callId} ${row.score}`);

  const largestArea = async () => {
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(matches)
      .groupBy(matches.areaId)
      .orderBy(sql`count(*) desc`)
      .limit(1);
    return row?.n ?? 0;
  };

  /** Every open call re-matched one by one, as polls do: areas grow past the limit. */
  async function growAreasPastTheLimit() {
    const open = await database.db
      .select({ id: calls.id })
      .from(calls)
      .where(ne(calls.status, 'closed'));
    const deps = createMatchingDeps(database.db, silentLogger);
    for (let start = 0; start < open.length; start += 500)
      await rematchCalls(deps, {
        callIds: open.slice(start, start + 500).map((row) => row.id),
        now: systemClock.now(),
      });
    expect(await largestArea()).toBeGreaterThan(MAX_MATCHES_PER_AREA);
  }

  /** One sequential pass in this process: what the fanned-out pass must have stored. */
  async function sequentialPass() {
    await rematchTenants(createMatchingDeps(database.db, silentLogger), { now: systemClock.now() });
    return storedRows();
  }

  it('runs as rematch-tenants jobs on BullMQ, every tenant in exactly one, and trims the areas', async () => {
    await growAreasPastTheLimit();
    const prefix = `callradar-test-${randomUUID()}`;
    const producer = new BullmqJobQueue(redisUrl, prefix, silentLogger);
    const processors = createProcessors({
      db: database.db,
      http,
      logger: silentLogger,
      clock: systemClock,
      jobs: () => producer,
      schedulers: bullmqSchedulers(producer),
      digests: outboxDigestSettings(),
    });
    const workers = startBullmqWorkers(redisUrl, processors, silentLogger, prefix);
    const queues = openQueues(redisUrl, prefix);
    try {
      await producer.enqueue('matching', 'rematch-all', {}, { jobId: 'nightly-1' });
      await queues.drained();
      const jobs = await queues.finishedJobs();
      const batches = jobs.filter((job) => job.name === 'rematch-tenants');
      const tenantIds = (await database.db.select({ id: tenants.id }).from(tenants)).map(
        (row) => row.id,
      );
      expect(batches.length).toBeGreaterThan(1);
      expect(batches.map((job) => job.id).sort()).toEqual(
        batches.map((_, index) => `nightly-1-tenants-${index}`).sort(),
      );
      const covered = batches.flatMap((job) => job.data.tenantIds as string[]);
      expect(covered.sort()).toEqual(tenantIds.sort());
      expect(jobs.filter((job) => job.failedReason)).toEqual([]);
      expect(await largestArea()).toBe(MAX_MATCHES_PER_AREA);
      const fannedOut = await storedRows();
      expect(fannedOut).toEqual(await sequentialPass());
    } finally {
      await workers.close();
      await queues.close({ obliterate: true });
      await producer.close();
    }
  });

  it('runs in the in-process runner of the embedded default too', async () => {
    await growAreasPastTheLimit();
    const runner: InProcessRunner = new InProcessRunner(
      createProcessors({
        db: database.db,
        http,
        logger: silentLogger,
        clock: systemClock,
        jobs: () => runner,
        schedulers: inProcessSchedulers(() => runner),
        digests: outboxDigestSettings(),
      }),
      silentLogger,
      systemClock,
    );
    await runner.enqueue('matching', 'rematch-all', {});
    await runner.idle();
    await runner.close();
    expect(await largestArea()).toBe(MAX_MATCHES_PER_AREA);
    const fannedOut = await storedRows();
    expect(fannedOut).toEqual(await sequentialPass());
  });
});
