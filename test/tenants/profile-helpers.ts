import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/client.js';
import { departments, priorityAreas, tenants } from '../../src/db/schema/index.js';
import type { Profile } from '../../src/tenants/profile.js';
import { queryRows } from '../helpers/database.js';

/** Shared by the profile API tests: requests with a key, and what the tables hold. */

export interface Answer {
  status: number;
  /** Parsed JSON, untyped as inject gives it: tests check it field by field. */
  body: ReturnType<typeof JSON.parse>;
  headers: Record<string, string | string[] | number | undefined>;
}

export function requester(app: FastifyInstance) {
  return async (
    method: 'GET' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ): Promise<Answer> => {
    const response = await app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return {
      status: response.statusCode,
      body: response.body ? response.json() : null,
      headers: response.headers,
    };
  };
}

/** The re-match follow-ups recorded for a tenant (nothing drains them in these tests). */
export async function rematchRows(db: Database, tenantId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from job_outbox
        where queue = 'matching' and job = 'rematch-tenant' and payload->>'tenantId' = ${tenantId}`,
  );
  return row?.n ?? 0;
}

/** A tenant's row and entries as stored, for before/after comparisons. */
export async function storedTenant(db: Database, slug: string) {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, slug));
  if (!tenant) throw new Error(`no tenant ${slug}`);
  const areas = await db
    .select()
    .from(priorityAreas)
    .where(eq(priorityAreas.tenantId, tenant.id))
    .orderBy(priorityAreas.key);
  const departmentRows = await db
    .select()
    .from(departments)
    .where(eq(departments.tenantId, tenant.id))
    .orderBy(departments.key);
  return { tenant, areas, departments: departmentRows };
}

export function clone(profile: Profile): Profile {
  return structuredClone(profile);
}
