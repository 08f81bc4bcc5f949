/**
 * npm run bench:match [-- --json] [--tenants 650] [--calls 20000]
 *
 * 650 tenants × 8 departments (profiles varied from the four shipped examples) and the
 * 2026-06-27 snapshot's calls replicated to 20,000, on the machine's PostgreSQL, the
 * recorded day moved to today. Times a full re-match in this process (cold: call features
 * extracted; warm: cached, as in a running worker), the same full pass as the nightly job
 * on Redis with 1 and with 2 worker processes (`workers/main.ts`, cold, from empty
 * matches), and an incremental re-match of 10 changed calls, beside the baseline: one
 * PostgreSQL full-text ts_rank query per area writing its top 200.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ne, sql } from 'drizzle-orm';
import { systemClock } from '../../src/clock.js';
import { calls, priorityAreas } from '../../src/db/schema/index.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq.js';
import { createMatchingDeps, rematchCalls, rematchTenants } from '../../src/matching/service.js';
import { createTestDatabase, ensureTemplate, queryRows, redisUrl } from '../helpers/database.js';
import { assertSharedFixtures } from '../helpers/shared.js';
import {
  openQueues,
  startWorkerProcesses,
  stopWorkerProcesses,
} from '../helpers/worker-processes.js';
import { silentLogger } from '../helpers/workers.js';
import { seedBenchDataset } from './dataset.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    tenants: { type: 'string', default: '650' },
    calls: { type: 'string', default: '20000' },
  },
});
const TENANTS = Number(values.tenants);
const CALLS = Number(values.calls);

assertSharedFixtures();
await ensureTemplate();
const database = await createTestDatabase();
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

try {
  process.stderr.write('setting up: snapshot, replicated calls, tenants…\n');
  const counts = await seedBenchDataset(database.db, { tenants: TENANTS, calls: CALLS });

  const deps = createMatchingDeps(database.db, silentLogger);
  let start = process.hrtime.bigint();
  const cold = await rematchTenants(deps, { now: systemClock.now() });
  const coldSeconds = seconds(start);
  start = process.hrtime.bigint();
  const warm = await rematchTenants(deps, { now: systemClock.now() });
  const warmSeconds = seconds(start);

  const changed = await database.db
    .select({ id: calls.id })
    .from(calls)
    .where(ne(calls.status, 'closed'))
    .limit(10);
  const changedIds = changed.map((row) => row.id);
  await database.db.execute(
    sql`update calls set title = title || ' (updated)', content_hash = content_hash || '-updated' where id in ${sql.raw(`('${changedIds.join("','")}')`)}`,
  );
  start = process.hrtime.bigint();
  const incremental = await rematchCalls(deps, { callIds: changedIds, now: systemClock.now() });
  const incrementalMs = seconds(start) * 1000;

  process.stderr.write('full re-match in 1, then 2 worker processes…\n');
  const oneWorker = await fullRematchInWorkers(1);
  const twoWorkers = await fullRematchInWorkers(2);

  start = process.hrtime.bigint();
  await fullTextBaseline();
  const baselineSeconds = seconds(start);

  const round = (value: number, digits = 3) => Number(value.toFixed(digits));
  const report = {
    tenants: TENANTS,
    departments: counts.departments,
    calls: counts.calls,
    fullRematch: { seconds: round(coldSeconds) },
    fullRematch1Worker: {
      seconds: round(oneWorker.warmSeconds),
      coldSeconds: round(oneWorker.coldSeconds),
    },
    fullRematch2Workers: {
      seconds: round(twoWorkers.warmSeconds),
      coldSeconds: round(twoWorkers.coldSeconds),
    },
    incremental10: { ms: round(incrementalMs, 1) },
    baseline: { seconds: round(baselineSeconds) },
  };
  console.log(
    `match benchmark: ${TENANTS} tenants, ${counts.areas} areas, ${counts.departments} departments, ${counts.calls} calls (${counts.open} open), PostgreSQL, this machine`,
  );
  console.table({
    'full re-match, cold (features extracted)': {
      time: `${round(coldSeconds, 2)} s`,
      'match rows': cold.rows,
      goal: '< 60 s',
    },
    'full re-match, warm (worker cache)': {
      time: `${round(warmSeconds, 2)} s`,
      'match rows': warm.rows,
      goal: '',
    },
    'nightly pass, 1 worker process, cold (from empty)': {
      time: `${round(oneWorker.coldSeconds, 2)} s`,
      'match rows': oneWorker.rows,
      goal: '',
    },
    'nightly pass, 2 worker processes, cold (from empty)': {
      time: `${round(twoWorkers.coldSeconds, 2)} s`,
      'match rows': twoWorkers.rows,
      goal: '',
    },
    'nightly pass, 1 worker process, warm': {
      time: `${round(oneWorker.warmSeconds, 2)} s`,
      'match rows': oneWorker.rows,
      goal: '',
    },
    'nightly pass, 2 worker processes, warm': {
      time: `${round(twoWorkers.warmSeconds, 2)} s`,
      'match rows': twoWorkers.rows,
      goal: 'faster than 1',
    },
    'incremental, 10 changed calls': {
      time: `${round(incrementalMs, 1)} ms`,
      'match rows': incremental.rows,
      goal: '< 200 ms',
    },
    'baseline: one ts_rank query per area': {
      time: `${round(baselineSeconds, 2)} s`,
      'match rows': '',
      goal: '',
    },
  });
  console.log(
    `full re-match / baseline: ${(coldSeconds / baselineSeconds).toFixed(2)}× (cold), ${(warmSeconds / baselineSeconds).toFixed(2)}× (warm)`,
  );
  const speedUp = (one: number, two: number) => (one / two).toFixed(2);
  console.log(
    `2 worker processes vs 1: ${speedUp(oneWorker.warmSeconds, twoWorkers.warmSeconds)}× as fast warm, ${speedUp(oneWorker.coldSeconds, twoWorkers.coldSeconds)}× cold (each cold worker extracts every call's features itself; PostgreSQL shares the cores)`,
  );
  if (values.json) console.log(JSON.stringify(report));
} finally {
  await database.drop();
}

/**
 * The nightly pass as production runs it: `rematch-all` on Redis, fanned out into tenant
 * batches that these worker processes share, timed from the enqueue until every job is
 * done. First from empty matches with fresh workers (each extracts the call features
 * itself: cold), then again with the same workers (caches filled, as in workers that have
 * been running; the rows are unchanged, so little is written).
 */
async function fullRematchInWorkers(count: number) {
  await database.db.execute(sql`delete from matches`);
  const prefix = `callradar-bench-${randomUUID()}`;
  const workers = await startWorkerProcesses(count, {
    databaseUrl: database.url,
    redisUrl,
    prefix,
  });
  const queues = openQueues(redisUrl, prefix);
  const producer = new BullmqJobQueue(redisUrl, prefix, silentLogger);
  const pass = async (jobId: string) => {
    const start = process.hrtime.bigint();
    await producer.enqueue('matching', 'rematch-all', {}, { jobId });
    await queues.drained(900_000);
    return seconds(start);
  };
  try {
    const coldSeconds = await pass('cold');
    const warmSeconds = await pass('warm');
    const failed = (await queues.finishedJobs()).filter((job) => job.failedReason);
    if (failed.length > 0) throw new Error(`jobs failed: ${failed[0]?.failedReason}`);
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from matches`,
    );
    return { coldSeconds, warmSeconds, rows: row?.n ?? 0 };
  } finally {
    await stopWorkerProcesses(workers);
    await queues.close({ obliterate: true });
    await producer.close();
  }
}

/** The naive way: per area, PostgreSQL full-text rank of its name and keywords, top 200 kept. */
async function fullTextBaseline() {
  await database.db.execute(
    sql`create temporary table baseline_matches (area_id uuid, call_id uuid, rank real)`,
  );
  const areas = await database.db.select().from(priorityAreas);
  for (const area of areas) {
    const words = [area.name, ...area.keywords]
      .join(' ')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (words.length === 0) continue;
    await database.db.execute(sql`
      insert into baseline_matches
      select ${area.id}::uuid, id, ts_rank(search_vector, query)
      from calls, to_tsquery('english', ${words.join(' | ')}) as query
      where status <> 'closed' and search_vector @@ query
      order by ts_rank(search_vector, query) desc limit 200`);
  }
}
