import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { CallBudget, StoredExplanation } from '../db/schema/index.js';
import type { ShownSnapshot } from './content-types.js';

/** A transaction handle or the database: the same drizzle API. */
export type Executor = Pick<Database, 'execute'>;

/** One call matched for a department, as a digest needs it. */
export interface DepartmentCall {
  callId: string;
  identifier: string;
  title: string;
  programme: string | null;
  status: 'open' | 'forthcoming';
  /** The best of the department's areas, weighted: the same score GET /v1/matches shows. */
  score: number;
  explanation: StoredExplanation;
  /** Every deadline by stage, ISO instants. */
  deadlines: Array<{ at: string; stage: number }>;
  budget: CallBudget | null;
  sourceUrl: string;
  firstSeenAt: string;
}

interface Row {
  call_id: string;
  identifier: string;
  title: string;
  programme_name: string | null;
  programme_code: string | null;
  status: 'open' | 'forthcoming';
  score: number;
  explanation: StoredExplanation;
  deadlines: Array<{ stage: number; ms: number }>;
  budget: CallBudget | null;
  source_url: string;
  first_seen_ms: number;
}

const rowsOf = async <T>(db: Executor, statement: ReturnType<typeof sql>) =>
  ((await db.execute(statement)) as unknown as { rows: T[] }).rows;

/**
 * Every open or forthcoming call matched for any of the department's areas (or, given null,
 * any of the tenant's) (at any score:
 * the threshold decides only what is New, a shown call keeps being followed), each once
 * under its best area by weighted score, as of `now` (a call whose last deadline passed is
 * gone whatever its stored status says). A call the coordinator muted or marked not
 * relevant for any of the department's areas is left out altogether: the verdict is about
 * the call for this department, and such calls never appear in a digest.
 */
export async function departmentCalls(
  db: Executor,
  input: { tenantId: string; areaKeys: string[] | null; now: Date },
): Promise<DepartmentCall[]> {
  const { tenantId, now } = input;
  if (input.areaKeys?.length === 0) return [];
  // null: every area of the tenant (the overview's calls no department took).
  const inAreas = (column: ReturnType<typeof sql>) =>
    input.areaKeys ? sql`${column} in ${input.areaKeys}` : sql`true`;
  const rows = await rowsOf<Row>(
    db,
    sql`with best as (
        select distinct on (m.call_id) m.call_id, m.area_id, m.score * a.weight as score
        from matches m join priority_areas a on a.id = m.area_id
        where m.tenant_id = ${tenantId} and ${inAreas(sql`a.key`)}
        order by m.call_id, m.score * a.weight desc, a.key)
      select best.call_id, best.score, m.explanation, c.identifier, c.title, c.programme_name,
        c.programme_code, c.status, c.budget, c.source_url,
        (extract(epoch from c.first_seen_at) * 1000)::float8 as first_seen_ms,
        coalesce((select json_agg(json_build_object('stage', d.stage,
            'ms', (extract(epoch from d.deadline_at) * 1000)::float8) order by d.stage)
          from call_deadlines d where d.call_id = c.id), '[]'::json) as deadlines
      from best join calls c on c.id = best.call_id
        join matches m on m.tenant_id = ${tenantId} and m.area_id = best.area_id
          and m.call_id = best.call_id
      where c.status in ('open', 'forthcoming')
        and (c.next_deadline_at >= ${now}
          or exists (select 1 from call_deadlines ahead where ahead.call_id = c.id
            and ahead.deadline_at >= ${now})
          or not exists (select 1 from call_deadlines d2 where d2.call_id = c.id))
        and not exists (select 1 from match_feedback f join priority_areas fa on fa.id = f.area_id
          where f.tenant_id = ${tenantId} and f.call_id = c.id
            and f.verdict in ('muted', 'not_relevant') and ${inAreas(sql`fa.key`)})`,
  );
  return rows.map((row) => ({
    callId: row.call_id,
    identifier: row.identifier,
    title: row.title,
    programme: row.programme_name ?? row.programme_code,
    status: row.status,
    score: Number(row.score),
    explanation: row.explanation,
    deadlines: row.deadlines.map((d) => ({ at: new Date(d.ms).toISOString(), stage: d.stage })),
    budget: row.budget,
    sourceUrl: row.source_url,
    firstSeenAt: new Date(row.first_seen_ms).toISOString(),
  }));
}

/** What a recipient of the department was shown of each call, as it was then. */
export async function shownSnapshots(
  db: Executor,
  input: { departmentId: string; email: string },
): Promise<Map<string, ShownSnapshot>> {
  const rows = await rowsOf<{ call_id: string; snapshot: ShownSnapshot }>(
    db,
    sql`select call_id, snapshot from digest_shown
      where department_id = ${input.departmentId} and email = ${input.email}`,
  );
  return new Map(rows.map((row) => [row.call_id, row.snapshot]));
}

/**
 * When the recipient's last digest of this department was decided: where "since your last
 * digest" starts. Null before their first.
 */
export async function lastDigestAt(
  db: Executor,
  input: { departmentId: string; email: string },
): Promise<Date | null> {
  // The content's own instant, not the row's created_at: a replay plans "as of" a day.
  const [row] = await rowsOf<{ ms: number | null }>(
    db,
    sql`select (extract(epoch from max((e.content->>'generatedAt')::timestamptz)) * 1000)::float8 as ms
      from digest_emails e join digest_runs r on r.id = e.run_id
      where r.department_id = ${input.departmentId} and e.recipient = ${input.email}`,
  );
  return row?.ms == null ? null : new Date(row.ms);
}
