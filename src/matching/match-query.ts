import { type SQL, sql } from 'drizzle-orm';
import { callFilters } from '../calls/repository.js';
import type { CallBudget, StoredExplanation } from '../db/schema/index.js';
import type { FeedbackVerdict } from './feedback.js';
import type { MatchCursor } from './match-cursor.js';
import type { ListMatchesQuery, MatchSort } from './schemas.js';

/** One row of a match page, as the query returns it (instants as epoch milliseconds). */
export interface MatchPageRow {
  call_id: string;
  area_key: string;
  score: number;
  identifier: string;
  title: string;
  programme_code: string | null;
  programme_name: string | null;
  status: 'open' | 'forthcoming';
  opening_ms: number | null;
  next_deadline_ms: number | null;
  first_seen_ms: number;
  updated_ms: number;
  budget: CallBudget | null;
  source_url: string;
  explanation: StoredExplanation;
  feedback: FeedbackVerdict | null;
  deadlines: Array<{ stage: number; deadlineMs: number; localDate: string; timeZone: string }>;
  /** Looked up once per query (init plans), for the explanation language and the 404s. */
  department_language: string | null;
  tenant_language: string | null;
  known_areas: number;
}

export interface MatchPageInput {
  tenantId: string;
  query: ListMatchesQuery;
  /** Distinct area keys asked for, or null for every area (of the department). */
  areaKeys: string[] | null;
  cursor: MatchCursor | null;
  limit: number;
  /** The clock's now: calls whose last deadline passed are never listed. Null: no time guard. */
  now: Date | null;
}

/** Each sort is a keyset over (expression, call id) in one direction. */
const sortKeys: Record<MatchSort, { expression: SQL; direction: 'asc' | 'desc'; cast: SQL }> = {
  score: { expression: sql`best.score`, direction: 'desc', cast: sql`real` },
  // Undated calls sort after every dated one instead of breaking the keyset with NULLs.
  deadline: {
    expression: sql`coalesce(calls.next_deadline_at, 'infinity'::timestamptz)`,
    direction: 'asc',
    cast: sql`timestamptz`,
  },
  newest: { expression: sql`calls.first_seen_at`, direction: 'desc', cast: sql`timestamptz` },
};

const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The tenant's matches in scope (the areas asked for, or the department's), each call once
 * under its best area by weighted score; muted (call, area) pairs never count.
 */
function bestAreaPerCall(input: MatchPageInput): SQL {
  const { tenantId, query, areaKeys } = input;
  const scope: SQL[] = [sql`priority_areas.tenant_id = ${tenantId}`];
  if (areaKeys) scope.push(sql`priority_areas.key in ${areaKeys}`);
  if (query.department)
    // A scalar subquery: the department's keys are read once, not once per match row.
    scope.push(sql`priority_areas.key = any((select area_keys from departments
      where departments.tenant_id = ${tenantId} and departments.key = ${query.department})::text[])`);
  const weighted = sql`matches.score * priority_areas.weight`;
  return sql`select distinct on (matches.call_id) matches.call_id, matches.area_id,
      priority_areas.key as area_key, ${weighted} as score
    from matches join priority_areas on priority_areas.id = matches.area_id
    where matches.tenant_id = ${tenantId} and ${sql.join(scope, sql` and `)}
      and ${weighted} >= ${query.minScore ?? 0}
      -- NOT IN over NOT NULL columns: one hashed read of the tenant's muted pairs, not a probe
      -- per row.
      and (matches.area_id, matches.call_id) not in (select area_id, call_id from match_feedback
        where match_feedback.tenant_id = ${tenantId} and verdict = 'muted')
    order by matches.call_id, ${weighted} desc, priority_areas.key`;
}

/**
 * By score, the best areas come ranked before the calls are joined: the join then runs in
 * that order and stops at the page's end instead of reading every matched call. The other
 * sorts need the calls' columns to order by.
 */
function rankedBest(input: MatchPageInput): SQL {
  if ((input.query.sort ?? 'score') !== 'score') return bestAreaPerCall(input);
  return sql`select * from (${bestAreaPerCall(input)}) unranked
    order by unranked.score desc, unranked.call_id desc`;
}

/**
 * Whether the call is still listable at `now`, whatever its stored status says: a next
 * deadline ahead, some deadline ahead (a later stage), or no deadline at all. The status
 * sweep closes such calls before reads; this guards the moment before it has.
 */
function notPastLastDeadline(now: Date): SQL {
  return sql`(calls.next_deadline_at >= ${now}
    or exists (select 1 from call_deadlines ahead where ahead.call_id = calls.id and ahead.deadline_at >= ${now})
    or not exists (select 1 from call_deadlines any_deadline where any_deadline.call_id = calls.id))`;
}

function callConditions(input: MatchPageInput): SQL[] {
  const statuses = input.query.status?.split(',') ?? ['open', 'forthcoming'];
  const conditions = [sql`calls.status in ${[...new Set(statuses)]}`, ...callFilters(input.query)];
  if (input.now) conditions.push(notPastLastDeadline(input.now));
  const key = sortKeys[input.query.sort ?? 'score'];
  if (input.cursor) {
    const position = sql`(${input.cursor.value}::${key.cast}, ${input.cursor.callId}::uuid)`;
    conditions.push(
      sql`(${key.expression}, best.call_id) ${key.direction === 'asc' ? sql`>` : sql`<`} ${position}`,
    );
  }
  return conditions;
}

/**
 * One statement for a page: the best area per call over the tenant's matches (a few hundred
 * rows, read by the matches primary key), the calls' filters, the keyset and LIMIT; then,
 * for the page's rows only, the explanation, the verdict and the deadlines.
 */
export function matchPageQuery(input: MatchPageInput): SQL {
  const { tenantId, query, areaKeys } = input;
  const key = sortKeys[query.sort ?? 'score'];
  const direction = key.direction === 'asc' ? sql`asc` : sql`desc`;
  const knownAreas = areaKeys
    ? sql`(select count(*)::int from priority_areas where tenant_id = ${tenantId} and key in ${areaKeys})`
    : sql`0`;
  const departmentLanguage = query.department
    ? sql`(select language from departments where tenant_id = ${tenantId} and key = ${query.department})`
    : sql`null::text`;
  return sql`select page.call_id, page.area_key, page.score, page.identifier, page.title,
      page.programme_code, page.programme_name, page.status, page.budget, page.source_url,
      page.opening_ms, page.next_deadline_ms, page.first_seen_ms, page.updated_ms,
      (select explanation from matches where matches.tenant_id = ${tenantId}
        and matches.area_id = page.area_id and matches.call_id = page.call_id) as explanation,
      (select verdict from match_feedback where match_feedback.tenant_id = ${tenantId}
        and match_feedback.area_id = page.area_id and match_feedback.call_id = page.call_id) as feedback,
      coalesce((select json_agg(json_build_object('stage', d.stage,
          'deadlineMs', ${epochMs(sql`d.deadline_at`)}, 'localDate', d.local_date,
          'timeZone', d.time_zone) order by d.stage)
        from call_deadlines d where d.call_id = page.call_id), '[]'::json) as deadlines,
      ${departmentLanguage} as department_language,
      (select languages[1] from tenants where id = ${tenantId}) as tenant_language,
      ${knownAreas} as known_areas
    from (
      select best.call_id, best.area_id, best.area_key, best.score, calls.identifier, calls.title,
        calls.programme_code, calls.programme_name, calls.status, calls.budget, calls.source_url,
        ${epochMs(sql`calls.opening_at`)} as opening_ms,
        ${epochMs(sql`calls.next_deadline_at`)} as next_deadline_ms,
        ${epochMs(sql`calls.first_seen_at`)} as first_seen_ms,
        ${epochMs(sql`calls.updated_at`)} as updated_ms,
        ${key.expression} as sort_key
      from (${rankedBest(input)}) best join calls on calls.id = best.call_id
      where ${sql.join(callConditions(input), sql` and `)}
      order by ${key.expression} ${direction}, best.call_id ${direction}
      limit ${input.limit + 1}
    ) page
    order by page.sort_key ${direction}, page.call_id ${direction}`;
}
