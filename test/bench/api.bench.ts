/**
 * npm run bench:api [-- --json] [--rate 1000] [--duration 10] [--tenants 650] [--calls 20000]
 *                   [--pglite-tenants 50] [--pglite-calls 5000] [--skip-pglite]
 *
 * The tenant API under a fixed load. Seeds the bench:match data set (tenants × 8
 * departments, calls, their matches) into a fresh PostgreSQL database, starts the real
 * server (src/server.ts) in its own process on it, and drives each route in turn with
 * autocannon at a fixed rate after a short warm-up (each distinct request is first sent once,
 * its mean latency printed as 'first ms'): the department match list, a call
 * search with filters, one Atom feed, and /health as the baseline (a route of the same
 * server, through the same hooks, with no I/O). Then the same on the embedded default
 * (PGlite in the server's process, a smaller data set: seeding it is slow), without a goal.
 * The bench client shares this machine's cores with the server and the database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { systemClock } from '../../src/clock.js';
import { type Database, embeddedFolderOf, openPglite } from '../../src/db/client.js';
import { migratePglite } from '../../src/db/migrate.js';
import { createMatchingDeps, rematchTenants } from '../../src/matching/service.js';
import { createTestDatabase, ensureTemplate, redisUrl } from '../helpers/database.js';
import { assertSharedFixtures } from '../helpers/shared.js';
import { silentLogger } from '../helpers/workers.js';
import { benchRoutes } from './api-fixtures.js';
import {
  type BenchRoute,
  LANES,
  type LoadOptions,
  measureRouteApart,
  type RouteFigures,
} from './api-load.js';
import { type BenchServer, startBenchServer } from './api-server.js';
import { type DatasetCounts, seedBenchDataset } from './dataset.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    rate: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '10' },
    tenants: { type: 'string', default: '650' },
    calls: { type: 'string', default: '20000' },
    'pglite-tenants': { type: 'string', default: '50' },
    'pglite-calls': { type: 'string', default: '5000' },
    'skip-pglite': { type: 'boolean', default: false },
  },
});
const rate = Number(values.rate);
const load: LoadOptions = {
  rate,
  durationSeconds: Number(values.duration),
  warmupSeconds: 2,
};
const GOAL_P99_MS = 25;
const log = (message: string) => process.stderr.write(`${message}\n`);

interface Measured {
  dataset: DatasetCounts & { tenants: number; matches: number };
  routes: Record<string, RouteFigures>;
  skipped: Record<string, string>;
}

assertSharedFixtures();
await ensureTemplate();
const postgres = await onPostgres(Number(values.tenants), Number(values.calls));
printTable(`PostgreSQL, goal p99 < ${GOAL_P99_MS} ms`, postgres);
const embedded = values['skip-pglite']
  ? null
  : await onPglite(Number(values['pglite-tenants']), Number(values['pglite-calls']));
if (embedded) printTable('embedded (PGlite), no goal', embedded);
console.log(
  `${os.cpus().length} cores shared by the server, its database and this bench client (autocannon paced over ${LANES} keep-alive connections at ${rate / LANES} requests a second each, every distinct request sent once, then ${load.warmupSeconds} s warm-up and ${load.durationSeconds} s measured per route)`,
);
if (values.json) {
  console.log(
    JSON.stringify({
      rate,
      routes: compact(postgres.routes),
      dataset: postgres.dataset,
      ...(embedded && {
        embedded: { routes: compact(embedded.routes), dataset: embedded.dataset },
      }),
    }),
  );
}

async function onPostgres(tenantCount: number, callCount: number): Promise<Measured> {
  const database = await createTestDatabase();
  try {
    const { dataset, routes } = await prepare(database.db, tenantCount, callCount, 'PostgreSQL');
    const server = await startBenchServer({
      databaseUrl: database.url,
      redisUrl,
      bullmqPrefix: `callradar-bench-api-${process.pid}`,
    });
    return { dataset, ...(await measureAll(server, routes)) };
  } finally {
    await database.drop();
  }
}

/** The embedded folder is seeded first, then the server opens it (one process per folder). */
async function onPglite(tenantCount: number, callCount: number): Promise<Measured> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'callradar-bench-api-'));
  try {
    const handle = await openPglite(embeddedFolderOf({ dataDir }));
    let prepared: Awaited<ReturnType<typeof prepare>>;
    try {
      await migratePglite(handle);
      prepared = await prepare(handle.db, tenantCount, callCount, 'PGlite');
    } finally {
      await handle.close();
    }
    const server = await startBenchServer({ dataDir });
    return { dataset: prepared.dataset, ...(await measureAll(server, prepared.routes)) };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function prepare(db: Database, tenantCount: number, callCount: number, label: string) {
  const started = Date.now();
  log(`${label}: seeding ${tenantCount} tenants, ${callCount} calls…`);
  const counts = await seedBenchDataset(db, { tenants: tenantCount, calls: callCount });
  const matched = await rematchTenants(createMatchingDeps(db, silentLogger), {
    now: systemClock.now(),
  });
  // Statistics and a visibility map as autovacuum would leave them on a database that has
  // been running: the seeding just rewrote every call (dates moved to today).
  await db.execute(sql`vacuum analyze`);
  // And written out: the seeding's checkpoint must not fall into a measurement.
  await db.execute(sql`checkpoint`);
  const routes = await benchRoutes(db, tenantCount);
  log(`${label}: seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { dataset: { tenants: tenantCount, ...counts, matches: matched.rows }, routes };
}

/** Each route in turn; one that does not answer 2xx yet (not built) is skipped with a note. */
async function measureAll(server: BenchServer, routes: BenchRoute[]) {
  const measured: Record<string, RouteFigures> = {};
  const skipped: Record<string, string> = {};
  try {
    for (const route of routes) {
      const probe = await fetch(`${server.baseUrl}${route.requests[0]?.path}`, {
        headers: route.requests[0]?.headers,
      });
      await probe.arrayBuffer();
      if (!probe.ok) {
        skipped[route.name] = `${route.label}: answered ${probe.status}, not measured`;
        continue;
      }
      log(`  ${route.name}: ${route.label}`);
      measured[route.name] = await measureRouteApart(server.baseUrl, route, load);
    }
  } finally {
    await server.stop();
  }
  return { routes: measured, skipped };
}

function printTable(title: string, result: Measured) {
  const { dataset } = result;
  console.log(
    `\napi benchmark, ${title}: ${rate} requests/s per route; ${dataset.tenants} tenants, ${dataset.departments} departments, ${dataset.calls} calls (${dataset.open} open), ${dataset.matches} matches`,
  );
  const bare = result.routes.bare?.p99;
  const rows: Record<string, Record<string, string | number>> = {};
  for (const [name, figures] of Object.entries(result.routes)) {
    rows[name] = {
      'p50 ms': figures.p50,
      'p97.5 ms': figures.p975,
      'p99 ms': figures.p99,
      'req/s': figures.rps,
      errors: figures.errors,
      'bytes/resp': figures.bytes,
      'first ms': figures.coldMs,
      'p99 / bare': bare ? `${(figures.p99 / bare).toFixed(1)}×` : '',
    };
  }
  console.table(rows);
  for (const note of Object.values(result.skipped)) console.log(`skipped: ${note}`);
}

function compact(routes: Record<string, RouteFigures>) {
  return Object.fromEntries(
    Object.entries(routes).map(([name, { p50, p975, p99, rps, errors, bytes, coldMs }]) => [
      name,
      { p50, p99, rps, errors, p975, bytes, coldMs },
    ]),
  );
}
