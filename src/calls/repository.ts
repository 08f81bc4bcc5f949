import { and, asc, desc, eq, inArray, isNull, max, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { preparedPerDatabase } from '../db/prepared.js';
import { callChanges, callDeadlines, calls, sources } from '../db/schema/index.js';
import { InvalidInput } from '../errors.js';
import { sourceAuthorities } from '../ingest/sightings.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { CallDetail, CallSort, CallSummary, ListCallsQuery } from './schemas.js';

const DEFAULT_STATUSES = ['open', 'forthcoming'] as const;

/**
 * Each sort is a keyset over (expression, id). Closed calls have no next deadline; they sort
 * after every dated call instead of breaking the keyset with NULLs.
 */
const sortKeys: Record<
  CallSort,
  { expression: SQL; direction: 'asc' | 'desc'; toValue: (row: SummaryRow) => string }
> = {
  deadline: {
    expression: sql`coalesce(${calls.nextDeadlineAt}, 'infinity'::timestamptz)`,
    direction: 'asc',
    toValue: (row) => row.nextDeadlineAt?.toISOString() ?? 'infinity',
  },
  '-deadline': {
    expression: sql`coalesce(${calls.nextDeadlineAt}, '-infinity'::timestamptz)`,
    direction: 'desc',
    toValue: (row) => row.nextDeadlineAt?.toISOString() ?? '-infinity',
  },
  '-firstSeen': {
    expression: sql`${calls.firstSeenAt}`,
    direction: 'desc',
    toValue: (row) => row.firstSeenAt.toISOString(),
  },
  title: { expression: sql`${calls.title}`, direction: 'asc', toValue: (row) => row.title },
};

type CallRow = typeof calls.$inferSelect;

/** The columns a list item needs: never the descriptions or the search vector (large). */
const summaryColumns = {
  id: calls.id,
  identifier: calls.identifier,
  title: calls.title,
  programmeCode: calls.programmeCode,
  programmeName: calls.programmeName,
  status: calls.status,
  openingAt: calls.openingAt,
  nextDeadlineAt: calls.nextDeadlineAt,
  budget: calls.budget,
  sourceUrl: calls.sourceUrl,
  firstSeenAt: calls.firstSeenAt,
  updatedAt: calls.updatedAt,
};
type SummaryRow = Pick<CallRow, keyof typeof summaryColumns>;

/** 2026-02-30 matches YYYY-MM-DD but is no day; PostgreSQL would fail on it. */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The filters /v1/calls and a tenant's match list share: programme codes, a deadline range
 * (both ends calendar-checked: a 400, never a failed cast in the database) and free text.
 */
export function callFilters(
  query: Pick<ListCallsQuery, 'programme' | 'deadlineFrom' | 'deadlineTo' | 'q'>,
): SQL[] {
  // A sighting (another source's record of a call) is shown as the call, never beside it.
  const conditions: SQL[] = [isNull(calls.canonicalId)];
  if (query.programme) {
    const codes = query.programme
      .split(',')
      .map((code) => code.trim().toUpperCase())
      .filter(Boolean);
    if (codes.length) conditions.push(inArray(sql`upper(${calls.programmeCode})`, codes));
  }
  for (const [name, value] of [
    ['deadlineFrom', query.deadlineFrom],
    ['deadlineTo', query.deadlineTo],
  ] as const) {
    if (value !== undefined && !isCalendarDate(value)) {
      throw new InvalidInput(`${name} ${value} is not a calendar date`);
    }
  }
  if (query.deadlineFrom && query.deadlineTo && query.deadlineFrom > query.deadlineTo) {
    throw new InvalidInput('deadlineFrom must not be after deadlineTo');
  }
  if (query.deadlineFrom || query.deadlineTo) {
    const from = query.deadlineFrom ?? '0001-01-01';
    const to = query.deadlineTo ?? '9999-12-31';
    conditions.push(
      sql`exists (select 1 from ${callDeadlines} where ${callDeadlines.callId} = ${calls.id} and ${callDeadlines.localDate} between ${from} and ${to})`,
    );
  }
  if (query.q)
    conditions.push(sql`${calls.searchVector} @@ websearch_to_tsquery('english', ${query.q})`);
  return conditions;
}

export async function listCalls(
  db: Database,
  query: ListCallsQuery,
): Promise<{ items: CallSummary[]; nextCursor: string | null }> {
  const sort = query.sort ?? 'deadline';
  const limit = query.limit ?? 20;
  const key = sortKeys[sort];
  const conditions: SQL[] = [];
  const statuses = !query.status
    ? DEFAULT_STATUSES
    : query.status === 'all'
      ? null
      : query.status.split(',');
  if (statuses) conditions.push(inArray(calls.status, [...statuses] as CallRow['status'][]));
  conditions.push(...callFilters(query));
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, sort);
    const value = sort === 'title' ? sql`${cursor.value}` : sql`${cursor.value}::timestamptz`;
    conditions.push(
      key.direction === 'asc'
        ? sql`(${key.expression}, ${calls.id}) > (${value}, ${cursor.id}::uuid)`
        : sql`(${key.expression}, ${calls.id}) < (${value}, ${cursor.id}::uuid)`,
    );
  }
  const order =
    key.direction === 'asc'
      ? [asc(key.expression), asc(calls.id)]
      : [desc(key.expression), desc(calls.id)];
  const rows = await db
    .select(summaryColumns)
    .from(calls)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...order)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const deadlines = await deadlinesFor(
    db,
    page.map((row) => row.id),
  );
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toSummary(row, deadlines.get(row.id) ?? [])),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ sort, value: key.toValue(last), id: last.id })
        : null,
  };
}

/**
 * The version of what the call list shows: its latest change. Every write of a call's
 * listed fields or deadlines (ingest, status sweep) sets updated_at from the clock, and
 * calls are never deleted. One index entry (calls_updated_at_idx), a prepared statement.
 */
export async function callsVersion(db: Database): Promise<string> {
  const [row] = await callsVersionQuery(db).execute();
  return row?.latest?.toISOString() ?? 'empty';
}

const callsVersionQuery = preparedPerDatabase((db) =>
  db
    .select({ latest: max(calls.updatedAt) })
    .from(calls)
    .prepare('calls_version'),
);

/** A call by id; a sighting's id (another source's record of it) answers with the call. */
export async function getCall(db: Database, id: string): Promise<CallDetail | null> {
  const [found] = await db.select().from(calls).where(eq(calls.id, id));
  if (!found) return null;
  const [own] = found.canonicalId
    ? await db.select().from(calls).where(eq(calls.id, found.canonicalId))
    : [found];
  if (!own) return null;
  const sightings = await sightingsOf(db, own.id);
  const row = await withSightingsFields(db, own);
  const deadlines = await deadlinesFor(db, [row.id]);
  const changes = await db
    .select()
    .from(callChanges)
    .where(eq(callChanges.callId, row.id))
    .orderBy(desc(callChanges.detectedAt), desc(callChanges.id));
  return {
    ...toSummary(row, deadlines.get(row.id) ?? []),
    sourceId: row.sourceId,
    closedReason: row.closedReason,
    tags: row.tags,
    lastSeenAt: row.lastSeenAt.toISOString(),
    callIdentifier: row.callIdentifier,
    callTitle: row.callTitle,
    typeOfAction: row.typeOfAction,
    descriptionText: row.descriptionText,
    descriptionHtml: row.descriptionHtml,
    keywords: row.keywords,
    eligibleCountries: row.eligibleCountries,
    eligibleRegions: row.eligibleRegions,
    applicantTypes: row.applicantTypes,
    language: row.language,
    links: [
      ...row.links,
      ...sightings
        .filter((sighting) => !sighting.authoritative)
        .map((sighting) => ({ label: sighting.sourceName, url: sighting.url })),
    ],
    sightings,
    changes: changes.map((change) => ({
      kind: change.kind,
      oldValue: change.oldValue,
      newValue: change.newValue,
      detectedAt: change.detectedAt.toISOString(),
    })),
  };
}

type CallRowFull = typeof calls.$inferSelect;

/**
 * Fields the call's own source leaves empty, taken from the most authoritative sighting
 * that has them: a programme page's one-line card gets the aggregator's description, its
 * budget and the programme's call number. Dates and countries stay the call's own: its
 * status is derived from them.
 */
async function withSightingsFields(db: Database, row: CallRowFull): Promise<CallRowFull> {
  const lacks = {
    description: row.descriptionText === '',
    budget: row.budget === null,
    callIdentifier: row.callIdentifier === null,
  };
  if (!Object.values(lacks).some(Boolean)) return row;
  const others = await db.select().from(calls).where(eq(calls.canonicalId, row.id));
  if (others.length === 0) return row;
  const authority = await sourceAuthorities(db);
  others.sort((a, b) => (authority.get(b.sourceId) ?? 0) - (authority.get(a.sourceId) ?? 0));
  const first = <T>(pick: (other: CallRowFull) => T | null): T | null =>
    others.map(pick).find((value) => value !== null) ?? null;
  const described = lacks.description
    ? others.find((other) => other.descriptionText !== '')
    : undefined;
  return {
    ...row,
    ...(described
      ? { descriptionText: described.descriptionText, descriptionHtml: described.descriptionHtml }
      : {}),
    budget: row.budget ?? first((other) => other.budget),
    callIdentifier: row.callIdentifier ?? first((other) => other.callIdentifier),
  };
}

/** The call's own source first, then every source that lists it as a sighting. */
async function sightingsOf(db: Database, callId: string): Promise<CallDetail['sightings']> {
  const rows = await db
    .select({
      id: calls.id,
      sourceId: calls.sourceId,
      sourceName: sources.name,
      url: calls.sourceUrl,
      identifier: calls.identifier,
    })
    .from(calls)
    .innerJoin(sources, eq(sources.id, calls.sourceId))
    .where(or(eq(calls.id, callId), eq(calls.canonicalId, callId)))
    .orderBy(calls.firstSeenAt, calls.id);
  return rows
    .map(({ id, ...sighting }) => ({ ...sighting, authoritative: id === callId }))
    .sort((a, b) => Number(b.authoritative) - Number(a.authoritative));
}

async function deadlinesFor(db: Database, callIds: string[]) {
  const byCall = new Map<string, CallSummary['deadlines']>();
  if (callIds.length === 0) return byCall;
  const rows = await db
    .select()
    .from(callDeadlines)
    .where(inArray(callDeadlines.callId, callIds))
    .orderBy(callDeadlines.callId, callDeadlines.stage);
  for (const row of rows) {
    const list = byCall.get(row.callId) ?? [];
    list.push({
      stage: row.stage,
      deadlineAt: row.deadlineAt.toISOString(),
      localDate: row.localDate,
      timeZone: row.timeZone,
    });
    byCall.set(row.callId, list);
  }
  return byCall;
}

function toSummary(row: SummaryRow, deadlines: CallSummary['deadlines']): CallSummary {
  return {
    id: row.id,
    identifier: row.identifier,
    title: row.title,
    programme: { code: row.programmeCode, name: row.programmeName },
    status: row.status,
    openingAt: row.openingAt?.toISOString() ?? null,
    nextDeadlineAt: row.nextDeadlineAt?.toISOString() ?? null,
    deadlines,
    budget: row.budget,
    sourceUrl: row.sourceUrl,
    firstSeenAt: row.firstSeenAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
