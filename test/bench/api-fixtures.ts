/**
 * What bench:api sends: reader keys and a department feed made with the repository
 * functions, and the data-driven route list (many tenants, departments and filters in turn,
 * so no route is measured on one cached URL).
 */
import { and, eq, sql } from 'drizzle-orm';
import { createApiKey } from '../../src/auth/api-keys.js';
import { issueSecret } from '../../src/auth/secrets.js';
import { systemClock } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import { departments, feeds, tenants } from '../../src/db/schema/index.js';
import { queryRows } from '../helpers/database.js';
import type { BenchRequest, BenchRoute } from './api-load.js';
import { DEPARTMENTS_PER_TENANT, departmentKey, tenantSlug } from './dataset.js';

/** Reader keys for this many tenants (of all seeded): enough to rotate over, quick to make. */
const KEYED_TENANTS = 100;
const SEARCH_WORDS = ['climate', 'energy', 'health', 'digital', 'water', 'mobility', 'culture'];
const MONTH_MS = 30 * 86_400_000;

export async function benchRoutes(db: Database, tenantCount: number): Promise<BenchRoute[]> {
  const keyed = Math.min(tenantCount, KEYED_TENANTS);
  const readerKeys: string[] = [];
  for (let index = 0; index < keyed; index += 1) {
    const created = await createApiKey(
      db,
      { role: 'reader', tenant: tenantSlug(index), name: 'bench:api' },
      systemClock,
    );
    readerKeys.push(created.key);
  }
  const feedToken = await createFeed(db, tenantSlug(0), departmentKey(0));
  const matchRequests: BenchRequest[] = [];
  // Every department of every keyed tenant, the tenants interleaved: one page each.
  for (let department = 0; department < DEPARTMENTS_PER_TENANT; department += 1) {
    for (const key of readerKeys) {
      matchRequests.push({
        path: `/v1/matches?department=${departmentKey(department)}&limit=20`,
        headers: { authorization: `Bearer ${key}` },
      });
    }
  }
  return [
    {
      name: 'bare',
      label: 'GET /health (baseline: same server and hooks, no I/O)',
      requests: [{ path: '/health' }],
    },
    {
      name: 'calls',
      label: 'GET /v1/calls (programme / q / deadline filters)',
      requests: await callSearches(db),
    },
    {
      name: 'matches',
      label: `GET /v1/matches?department=… (${keyed} tenants × ${DEPARTMENTS_PER_TENANT} departments, reader keys)`,
      requests: matchRequests,
    },
    {
      name: 'feed',
      label: 'GET /v1/feeds/:token/matches.atom (one feed)',
      requests: [{ path: `/v1/feeds/${feedToken}/matches.atom` }],
    },
  ];
}

/** A feed row as POST /v1/feeds stores it: only the token's hash is kept. */
async function createFeed(db: Database, slug: string, department: string): Promise<string> {
  const [row] = await db
    .select({ tenantId: tenants.id, departmentId: departments.id })
    .from(departments)
    .innerJoin(tenants, eq(tenants.id, departments.tenantId))
    .where(and(eq(tenants.slug, slug), eq(departments.key, department)));
  if (!row) throw new Error(`no department ${department} of ${slug}`);
  const issued = issueSecret('crf');
  await db.insert(feeds).values({
    ...row,
    prefix: issued.prefix,
    tokenHash: issued.hash,
    createdAt: systemClock.now(),
  });
  return issued.secret;
}

/**
 * Searches as an intranet page makes them: a programme, a word, a deadline window of the
 * next year, alone and combined.
 */
async function callSearches(db: Database): Promise<BenchRequest[]> {
  const programmes = await queryRows<{ code: string }>(
    db,
    sql`select programme_code as code from calls where programme_code is not null and status <> 'closed'
        group by programme_code order by count(*) desc limit 8`,
  );
  const today = systemClock.now().getTime();
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const searches: BenchRequest[] = [];
  for (let index = 0; index < 240; index += 1) {
    const parameters = new URLSearchParams({ limit: '20' });
    const programme = programmes[index % programmes.length]?.code;
    if (programme && index % 2 === 0) parameters.set('programme', programme);
    if (index % 3 !== 2) parameters.set('q', SEARCH_WORDS[index % SEARCH_WORDS.length] as string);
    if (index % 4 < 2) {
      const from = today + (index % 12) * MONTH_MS;
      parameters.set('deadlineFrom', day(from));
      parameters.set('deadlineTo', day(from + 3 * MONTH_MS));
    }
    searches.push({ path: `/v1/calls?${parameters}` });
  }
  return searches;
}
