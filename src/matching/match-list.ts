import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { departments, priorityAreas } from '../db/schema/index.js';
import { NotFound } from '../errors.js';
import { daysLeftOf, explanationLanguage, explanationView } from './explanation-view.js';
import { decodeMatchCursor, encodeMatchCursor, type MatchCursor } from './match-cursor.js';
import { type MatchPageRow, matchPageQuery } from './match-query.js';
import type { ExplanationLanguage, ListMatchesQuery, MatchItem } from './schemas.js';

export interface TenantMatchesInput {
  tenantId: string;
  query: ListMatchesQuery;
  /** The clock's now: what "days left" counts from, and calls past their last deadline drop. */
  now: Date;
  /** The language the request accepts (Accept-Language), after `query.lang`. */
  acceptedLanguage?: ExplanationLanguage | null;
}

export interface TenantMatchPage {
  items: MatchItem[];
  nextCursor: string | null;
}

const DEFAULT_LIMIT = 20;

/**
 * A tenant's matched calls, a page at a time: each call once under its best area (of the
 * department, when one is asked for), filtered and sorted as the query says. Unknown area
 * or department keys of the tenant are a NotFound. One statement per page (match-query.ts).
 */
export async function listTenantMatches(
  db: Database,
  input: TenantMatchesInput,
): Promise<TenantMatchPage> {
  const { query, tenantId } = input;
  const areaKeys = query.area ? [...new Set(query.area.split(','))] : null;
  const cursor = query.cursor ? decodeMatchCursor(query.cursor, query) : null;
  const limit = query.limit ?? DEFAULT_LIMIT;
  const statement = matchPageQuery({ tenantId, query, areaKeys, cursor, limit, now: input.now });
  const rows = ((await db.execute(statement)) as unknown as { rows: MatchPageRow[] }).rows;
  const first = rows[0];
  // The lookups ride along with the page; only an empty page needs asking separately.
  if (!first || (areaKeys && first.known_areas < areaKeys.length))
    await assertScopeExists(db, tenantId, query.department, areaKeys);
  if (!first) return { items: [], nextCursor: null };
  const language = explanationLanguage(
    query.lang,
    input.acceptedLanguage,
    first.department_language,
    first.tenant_language,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toItem(row, query.department ?? null, language, input.now)),
    nextCursor:
      rows.length > limit && last ? encodeMatchCursor(query, cursorOf(query, last)) : null,
  };
}

/** NotFound for a department or area key the tenant does not have. */
export async function assertScopeExists(
  db: Database,
  tenantId: string,
  departmentKey: string | undefined,
  areaKeys: string[] | null,
): Promise<void> {
  if (departmentKey) {
    const [department] = await db
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.tenantId, tenantId), eq(departments.key, departmentKey)));
    if (!department) throw new NotFound(`No department "${departmentKey}" for this tenant`);
  }
  if (!areaKeys) return;
  const known = await db
    .select({ key: priorityAreas.key })
    .from(priorityAreas)
    .where(and(eq(priorityAreas.tenantId, tenantId), inArray(priorityAreas.key, areaKeys)));
  const missing = areaKeys.find((key) => !known.some((area) => area.key === key));
  if (missing) throw new NotFound(`No area "${missing}" for this tenant`);
}

function cursorOf(query: ListMatchesQuery, row: MatchPageRow): MatchCursor {
  const sort = query.sort ?? 'score';
  const value =
    sort === 'score'
      ? row.score
      : sort === 'newest'
        ? new Date(row.first_seen_ms).toISOString()
        : row.next_deadline_ms === null
          ? 'infinity'
          : new Date(row.next_deadline_ms).toISOString();
  return { value, callId: row.call_id };
}

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toItem(
  row: MatchPageRow,
  department: string | null,
  language: ExplanationLanguage,
  now: Date,
): MatchItem {
  const nextDeadline = row.next_deadline_ms === null ? null : new Date(row.next_deadline_ms);
  return {
    call: {
      id: row.call_id,
      identifier: row.identifier,
      title: row.title,
      programme: { code: row.programme_code, name: row.programme_name },
      status: row.status,
      openingAt: isoOrNull(row.opening_ms),
      nextDeadlineAt: isoOrNull(row.next_deadline_ms),
      deadlines: row.deadlines.map((deadline) => ({
        stage: deadline.stage,
        deadlineAt: new Date(deadline.deadlineMs).toISOString(),
        localDate: deadline.localDate,
        timeZone: deadline.timeZone,
      })),
      budget: row.budget,
      sourceUrl: row.source_url,
    },
    score: Number(row.score),
    area: row.area_key,
    department,
    explanation: explanationView(row.explanation, daysLeftOf(nextDeadline, now), language),
    feedback: row.feedback,
  };
}
