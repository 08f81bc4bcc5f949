import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  calls,
  departments,
  matches,
  matchFeedback,
  priorityAreas,
  type StoredExplanation,
} from '../db/schema/index.js';
import { NotFound } from '../errors.js';

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
 * A department's matches: the calls matched for any of its areas, each once, under the area
 * where it fits best (scores weighted by the area's weight). Calls a coordinator muted for
 * that area are left out.
 */
export async function departmentMatches(
  db: Database,
  input: { tenantId: string; departmentKey: string; minScore?: number; limit?: number },
): Promise<DepartmentMatch[]> {
  const [department] = await db
    .select()
    .from(departments)
    .where(and(eq(departments.tenantId, input.tenantId), eq(departments.key, input.departmentKey)));
  if (!department) throw new NotFound(`No department "${input.departmentKey}" for this tenant`);
  if (department.areaKeys.length === 0) return [];
  const weighted = sql<number>`${matches.score} * ${priorityAreas.weight}`;
  const rows = await db
    .select({
      callId: matches.callId,
      identifier: calls.identifier,
      title: calls.title,
      score: weighted,
      areaKey: priorityAreas.key,
      explanation: matches.explanation,
      nextDeadlineAt: calls.nextDeadlineAt,
    })
    .from(matches)
    .innerJoin(priorityAreas, eq(priorityAreas.id, matches.areaId))
    .innerJoin(calls, eq(calls.id, matches.callId))
    .leftJoin(
      matchFeedback,
      and(
        eq(matchFeedback.tenantId, matches.tenantId),
        eq(matchFeedback.areaId, matches.areaId),
        eq(matchFeedback.callId, matches.callId),
      ),
    )
    .where(
      and(
        eq(matches.tenantId, input.tenantId),
        inArray(priorityAreas.key, department.areaKeys),
        sql`${weighted} >= ${input.minScore ?? 0}`,
        sql`(${matchFeedback.verdict} is null or ${matchFeedback.verdict} <> 'muted')`,
      ),
    )
    .orderBy(desc(weighted), matches.callId);
  const best = new Map<string, DepartmentMatch>();
  for (const row of rows)
    if (!best.has(row.callId)) best.set(row.callId, { ...row, score: Number(row.score) });
  return [...best.values()].slice(0, input.limit ?? 100);
}
