import type { Database } from '../db/client.js';
import type { StoredExplanation } from '../db/schema/index.js';
import { assertScopeExists } from './match-list.js';
import { type MatchPageRow, matchPageQuery } from './match-query.js';

interface DepartmentMatch {
  callId: string;
  identifier: string;
  title: string;
  /** The department's score for the call: its best area's score times that area's weight. */
  score: number;
  areaKey: string;
  explanation: StoredExplanation;
  nextDeadlineAt: Date | null;
}

/**
 * A department's matches, best first: the calls matched for any of its areas, each once,
 * under the area where it fits best (scores weighted by the area's weight). Calls a
 * coordinator muted for that area are left out. The same query as GET /v1/matches
 * (listTenantMatches); given `now`, calls whose last deadline passed are left out too.
 */
export async function departmentMatches(
  db: Database,
  input: {
    tenantId: string;
    departmentKey: string;
    minScore?: number;
    limit?: number;
    now?: Date;
  },
): Promise<DepartmentMatch[]> {
  const limit = input.limit ?? 100;
  const statement = matchPageQuery({
    tenantId: input.tenantId,
    query: { department: input.departmentKey, minScore: input.minScore },
    areaKeys: null,
    cursor: null,
    limit,
    now: input.now ?? null,
  });
  const rows = ((await db.execute(statement)) as unknown as { rows: MatchPageRow[] }).rows;
  if (rows.length === 0) await assertScopeExists(db, input.tenantId, input.departmentKey, null);
  return rows.slice(0, limit).map((row) => ({
    callId: row.call_id,
    identifier: row.identifier,
    title: row.title,
    score: Number(row.score),
    areaKey: row.area_key,
    explanation: row.explanation,
    nextDeadlineAt: row.next_deadline_ms === null ? null : new Date(row.next_deadline_ms),
  }));
}
