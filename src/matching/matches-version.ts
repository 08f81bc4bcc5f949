import { inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { tenants } from '../db/schema/index.js';

/**
 * Marks these tenants' matches or verdicts as changed, inside the transaction that changed
 * them: cached match pages (src/matching/match-page-cache.ts) are keyed by this version, in
 * every process, so none outlives the change it missed.
 */
export async function bumpMatchesVersion(tx: Database, tenantIds: string[]): Promise<void> {
  const ids = [...new Set(tenantIds)];
  if (ids.length === 0) return;
  await tx
    .update(tenants)
    .set({ matchesVersion: sql`${tenants.matchesVersion} + 1` })
    .where(inArray(tenants.id, ids));
}

/**
 * The version of everything a tenant's match page is made of, in one indexed read: its
 * matches and verdicts (matches_version), its profile (areas, departments, weights) and the
 * calls (their latest update: a poll's change, a sweep's closing).
 */
export async function matchPagesVersion(db: Database, tenantId: string): Promise<string> {
  const result = (await db.execute(
    sql`select matches_version, profile_version,
        (select max(updated_at) from calls) as calls_version
      from tenants where id = ${tenantId}`,
  )) as unknown as {
    rows: Array<{ matches_version: number; profile_version: number; calls_version: unknown }>;
  };
  const row = result.rows[0];
  if (!row) return 'gone';
  return `${row.matches_version}:${row.profile_version}:${String(row.calls_version)}`;
}
