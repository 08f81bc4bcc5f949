import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { preparedPerDatabase } from '../db/prepared.js';
import { calls, tenants } from '../db/schema/index.js';

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
 * The columns a tenant's match-page version is made of, for any read that joins tenants:
 * its matches and verdicts (matches_version), its profile (areas, departments, weights) and
 * the calls (their latest update: a poll's change, a sweep's closing; as text, to the
 * microsecond).
 */
export const matchPagesVersionColumns = {
  matchesVersion: tenants.matchesVersion,
  profileVersion: tenants.profileVersion,
  callsVersion: sql<string | null>`(select max(${calls.updatedAt})::text from ${calls})`,
};

export function matchPagesVersionOf(row: {
  matchesVersion: number;
  profileVersion: number;
  callsVersion: string | null;
}): string {
  return `${row.matchesVersion}:${row.profileVersion}:${row.callsVersion ?? 'none'}`;
}

const versionQuery = preparedPerDatabase((db) =>
  db
    .select(matchPagesVersionColumns)
    .from(tenants)
    .where(eq(tenants.id, sql.placeholder('tenantId')))
    .prepare('match_pages_version'),
);

/** The version of everything a tenant's match page is made of, in one prepared read. */
export async function matchPagesVersion(db: Database, tenantId: string): Promise<string> {
  const [row] = await versionQuery(db).execute({ tenantId });
  return row ? matchPagesVersionOf(row) : 'gone';
}
