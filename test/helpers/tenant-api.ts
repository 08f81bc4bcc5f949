import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import {
  createMatchingDeps,
  type MatchingDeps,
  rematchTenants,
} from '../../src/matching/service.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp, RecordingPokes, testKey } from './app.js';
import { ManualClock } from './clock.js';
import { createTestDatabase, queryRows, type TestDatabase } from './database.js';
import { ingestSnapshot } from './ingest.js';
import { silentLogger } from './workers.js';

/** The day of the recorded snapshot the tenant API tests read. */
export const SNAPSHOT_DAY = '2026-06-25';

export interface TenantApiFixture {
  database: TestDatabase;
  app: FastifyInstance;
  clock: ManualClock;
  pokes: RecordingPokes;
  deps: MatchingDeps;
  /** Tenant ids of the shipped examples by slug. */
  tenantIds: Map<string, string>;
  /** Authorization headers: Lidingö's reader and coordinator, an admin, Örebro's coordinator. */
  keys: Record<'reader' | 'coordinator' | 'admin' | 'otherCoordinator', { authorization: string }>;
}

/**
 * Recorded calls, the four example municipalities matched against them as of the snapshot
 * day, and the real app on that clock with keys of two tenants.
 */
export async function seedTenantApi(): Promise<TenantApiFixture> {
  const database = await createTestDatabase();
  const clock = new ManualClock(startOfLocalDay(SNAPSHOT_DAY, BRUSSELS));
  await ingestSnapshot(database.db, SNAPSHOT_DAY);
  const tenantIds = new Map<string, string>();
  for (const { slug, profile } of await exampleProfiles())
    tenantIds.set(slug, (await importProfile(database.db, slug, profile, clock)).tenantId);
  const deps = createMatchingDeps(database.db, silentLogger);
  await rematchTenants(deps, { now: clock.now() });
  const pokes = new RecordingPokes();
  const app = await buildTestApp({ db: database.db, clock, followUps: pokes });
  const keys = {
    reader: (await testKey(database.db, clock, 'reader', 'lidingo')).headers,
    coordinator: (await testKey(database.db, clock, 'coordinator', 'lidingo')).headers,
    admin: (await testKey(database.db, clock, 'admin')).headers,
    otherCoordinator: (await testKey(database.db, clock, 'coordinator', 'orebro')).headers,
  };
  return { database, app, clock, pokes, deps, tenantIds, keys };
}

export interface Item {
  call: {
    id: string;
    identifier: string;
    title: string;
    programme: { code: string | null };
    status: string;
    nextDeadlineAt: string | null;
    deadlines: Array<{ localDate: string; deadlineAt: string }>;
  };
  score: number;
  area: string;
  department: string | null;
  explanation: {
    text: string;
    language: string;
    likeRelevant: string | null;
    likeNotRelevant: string | null;
  };
  feedback: string | null;
}

export interface Page {
  items: Item[];
  nextCursor: string | null;
}

/** The best weighted area per call, from the stored rows: what every list must agree with. */
interface StoredBest {
  call_id: string;
  area_key: string;
  score: number;
}

/** Requests against the fixture's app (Lidingö's reader key unless told otherwise). */
export function tenantApiClient(fixture: () => TenantApiFixture) {
  const request = async (
    method: 'GET' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string> = fixture().keys.reader,
    payload?: unknown,
  ) => {
    const response = await fixture().app.inject({
      method,
      url,
      headers,
      payload: payload as never,
    });
    return { status: response.statusCode, body: response.body ? response.json() : null };
  };
  const get = (url: string, headers?: Record<string, string>) => request('GET', url, headers);

  /** Every page of a list, following nextCursor. */
  async function walk(url: string, headers?: Record<string, string>): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const page = await get(`${url}${cursor ? `${separator}cursor=${cursor}` : ''}`, headers);
      if (page.status !== 200)
        throw new Error(`${url}: ${page.status} ${JSON.stringify(page.body)}`);
      items.push(...(page.body as Page).items);
      cursor = (page.body as Page).nextCursor;
    } while (cursor);
    return items;
  }

  /** The stored best area per open, unmuted call of a tenant, over some areas or all. */
  const storedBest = (slug: string, areaKeys?: string[]) =>
    queryRows<StoredBest>(
      fixture().database.db,
      sql`select distinct on (m.call_id) m.call_id, a.key as area_key, m.score * a.weight as score
          from matches m join priority_areas a on a.id = m.area_id join calls c on c.id = m.call_id
          where m.tenant_id = ${fixture().tenantIds.get(slug)} and c.status <> 'closed'
            ${areaKeys ? sql`and a.key in ${areaKeys}` : sql``}
            and not exists (select 1 from match_feedback f where f.tenant_id = m.tenant_id
              and f.area_id = m.area_id and f.call_id = m.call_id and f.verdict = 'muted')
          order by m.call_id, m.score * a.weight desc, a.key`,
    );

  return { request, get, walk, storedBest };
}
