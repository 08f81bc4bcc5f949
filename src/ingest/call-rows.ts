import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { NormalisedCall } from '../../scrapers/types.js';
import type { Database } from '../db/client.js';
import { callChanges, callDeadlines, calls } from '../db/schema/index.js';
import type { DetectedChange } from './diff.js';
import type { DerivedStatus } from './status.js';

/** A transaction handle: the same drizzle API as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface PreparedCall {
  record: NormalisedCall;
  derived: DerivedStatus;
  hash: string;
}

function callColumns({ record, derived, hash }: PreparedCall) {
  return {
    identifier: record.identifier,
    title: record.title,
    programmeCode: record.programmeCode,
    programmeName: record.programmeName,
    callIdentifier: record.callIdentifier,
    callTitle: record.callTitle,
    programmeStrands: record.programmeStrands,
    typeOfAction: record.typeOfAction,
    actionCategory: record.actionCategory,
    descriptionText: record.descriptionText,
    descriptionHtml: record.descriptionHtml,
    openingAt: record.openingAt,
    status: derived.status,
    closedReason: derived.closedReason,
    nextDeadlineAt: derived.nextDeadlineAt,
    budget: record.budget,
    eligibleCountries: record.eligibleCountries,
    eligibleRegions: record.eligibleRegions,
    applicantTypes: record.applicantTypes,
    tags: record.tags,
    keywords: record.keywords,
    language: record.language,
    sourceUrl: record.sourceUrl,
    links: record.links,
    supplement: record.supplement ?? null,
    contentHash: hash,
  };
}

// The keys deadlineRows writes, snake-cased: a batch may have no deadline to read them from.
const DEADLINE_INSERT_COLUMNS = sql.raw('call_id, stage, deadline_at, local_date, time_zone');

function deadlineRows(callId: string, record: NormalisedCall) {
  return record.deadlines.map((deadline) => ({
    callId,
    stage: deadline.stage,
    deadlineAt: deadline.deadlineAt,
    localDate: deadline.localDate,
    timeZone: deadline.timeZone,
  }));
}

/** camelCase drizzle keys → the snake_case column names json_populate_recordset reads. */
function snakeCased(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      value,
    ]),
  );
}

/**
 * The column list of a JSON-populated insert, read from the rows themselves: a column added
 * to callColumns is inserted without a second list to keep in step. Keys are our own
 * identifiers, checked anyway since they go into the statement as they are.
 */
function columnsOf(row: Record<string, unknown> | undefined) {
  const names = Object.keys(row ?? {});
  if (!names.every((name) => /^[a-z_]+$/.test(name))) throw new Error('unexpected column name');
  return sql.raw(names.join(', '));
}

/**
 * Inserts new calls with their deadlines in one statement: the rows travel as one JSON
 * parameter (json_populate_recordset, as src/matching/service.ts does), ids are made here
 * so the deadlines need no second round trip. Returns rows written and the new calls' ids.
 */
export async function insertCalls(
  tx: Tx,
  sourceId: string,
  prepared: PreparedCall[],
  seenAt: Date,
): Promise<{ written: number; ids: string[] }> {
  if (prepared.length === 0) return { written: 0, ids: [] };
  const ids: string[] = [];
  const deadlines: Array<Record<string, unknown>> = [];
  const rows = prepared.map((item) => {
    const id = randomUUID();
    ids.push(id);
    for (const deadline of deadlineRows(id, item.record)) deadlines.push(snakeCased(deadline));
    return snakeCased({
      ...callColumns(item),
      id,
      sourceId,
      naturalKey: item.record.naturalKey,
      firstSeenAt: seenAt,
      lastSeenAt: seenAt,
      missedPolls: 0,
      updatedAt: seenAt,
    });
  });
  const callColumnList = columnsOf(rows[0]);
  // A data-modifying CTE: the deadlines' foreign key is checked at the end of the statement,
  // when the calls are there (PostgreSQL docs, "Data-Modifying Statements in WITH").
  await tx.execute(sql`
    with inserted as (
      insert into calls (${callColumnList})
      select ${callColumnList} from json_populate_recordset(null::calls, ${JSON.stringify(rows)}::json)
      returning 1
    )
    insert into call_deadlines (${DEADLINE_INSERT_COLUMNS})
    select ${DEADLINE_INSERT_COLUMNS}
    from json_populate_recordset(null::call_deadlines, ${JSON.stringify(deadlines)}::json)`);
  return { written: rows.length + deadlines.length, ids };
}

/** Rewrites a changed call, and its deadlines when they moved; change rows are separate. */
export async function updateCall(
  tx: Tx,
  callId: string,
  item: PreparedCall,
  changes: DetectedChange[],
  seenAt: Date,
): Promise<number> {
  await tx
    .update(calls)
    .set({ ...callColumns(item), lastSeenAt: seenAt, missedPolls: 0, updatedAt: seenAt })
    .where(eq(calls.id, callId));
  let written = 1;
  if (changes.some((change) => change.kind === 'deadline')) {
    await tx.delete(callDeadlines).where(eq(callDeadlines.callId, callId));
    const rows = deadlineRows(callId, item.record);
    if (rows.length) await tx.insert(callDeadlines).values(rows);
    written += rows.length;
  }
  return written;
}

export interface CallChange extends DetectedChange {
  callId: string;
}

/** The change rows of many calls, in one insert. */
export async function recordChanges(
  tx: Tx,
  changes: CallChange[],
  context: { runId: number; seenAt: Date },
): Promise<number> {
  if (changes.length === 0) return 0;
  await tx.insert(callChanges).values(
    changes.map((change) => ({
      callId: change.callId,
      sourceRunId: context.runId,
      kind: change.kind,
      oldValue: change.oldValue,
      newValue: change.newValue,
      detectedAt: context.seenAt,
    })),
  );
  return changes.length;
}

/** Deadlines of many calls at once, ordered by stage (in a transaction or not). */
export async function loadDeadlines(
  tx: Tx | Database,
  callIds: string[],
): Promise<Map<string, Date[]>> {
  const byCall = new Map<string, Date[]>();
  if (callIds.length === 0) return byCall;
  const rows = await tx
    .select({ callId: callDeadlines.callId, deadlineAt: callDeadlines.deadlineAt })
    .from(callDeadlines)
    .where(inArray(callDeadlines.callId, callIds))
    .orderBy(callDeadlines.callId, callDeadlines.stage);
  for (const row of rows) {
    const list = byCall.get(row.callId) ?? [];
    list.push(row.deadlineAt);
    byCall.set(row.callId, list);
  }
  return byCall;
}

const storedCallColumns = {
  id: calls.id,
  title: calls.title,
  descriptionText: calls.descriptionText,
  descriptionHtml: calls.descriptionHtml,
  openingAt: calls.openingAt,
  budget: calls.budget,
  keywords: calls.keywords,
  tags: calls.tags,
  supplement: calls.supplement,
};

/** The fields a change is detected against, for calls whose hash or status differs. */
export async function loadStoredCalls(tx: Tx, sourceId: string, callIds: string[]) {
  const rows = callIds.length
    ? await tx
        .select(storedCallColumns)
        .from(calls)
        .where(and(eq(calls.sourceId, sourceId), inArray(calls.id, callIds)))
    : [];
  return new Map(rows.map((row) => [row.id, row]));
}
