import { and, eq, inArray } from 'drizzle-orm';
import type { NormalisedCall } from '../../scrapers/types.js';
import type { Database } from '../db/client.js';
import { callChanges, callDeadlines, calls } from '../db/schema/index.js';
import type { DetectedChange } from './diff.js';
import type { DerivedStatus } from './status.js';

/** A transaction handle: the same drizzle API as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

// calls has ~30 columns; 500 rows stays far below PostgreSQL's 65,535 bind parameters.
const INSERT_CHUNK = 500;

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
    applicantTypes: record.applicantTypes,
    tags: record.tags,
    keywords: record.keywords,
    language: record.language,
    sourceUrl: record.sourceUrl,
    links: record.links,
    contentHash: hash,
  };
}

function deadlineRows(callId: string, record: NormalisedCall) {
  return record.deadlines.map((deadline) => ({
    callId,
    stage: deadline.stage,
    deadlineAt: deadline.deadlineAt,
    localDate: deadline.localDate,
    timeZone: deadline.timeZone,
  }));
}

/** Inserts new calls with their deadlines; returns rows written and the new calls' ids. */
export async function insertCalls(
  tx: Tx,
  sourceId: string,
  prepared: PreparedCall[],
  seenAt: Date,
): Promise<{ written: number; ids: string[] }> {
  let written = 0;
  const ids: string[] = [];
  for (let start = 0; start < prepared.length; start += INSERT_CHUNK) {
    const chunk = prepared.slice(start, start + INSERT_CHUNK);
    const inserted = await tx
      .insert(calls)
      .values(
        chunk.map((item) => ({
          ...callColumns(item),
          sourceId,
          naturalKey: item.record.naturalKey,
          firstSeenAt: seenAt,
          lastSeenAt: seenAt,
        })),
      )
      .returning({ id: calls.id, naturalKey: calls.naturalKey });
    const idByKey = new Map(inserted.map((row) => [row.naturalKey, row.id]));
    const deadlines = chunk.flatMap((item) => {
      const id = idByKey.get(item.record.naturalKey);
      return id ? deadlineRows(id, item.record) : [];
    });
    if (deadlines.length) await tx.insert(callDeadlines).values(deadlines);
    written += inserted.length + deadlines.length;
    ids.push(...inserted.map((row) => row.id));
  }
  return { written, ids };
}

/** Rewrites a changed call, its deadlines when they moved, and its change rows. */
export async function updateCall(
  tx: Tx,
  callId: string,
  item: PreparedCall,
  changes: DetectedChange[],
  context: { runId: number; seenAt: Date },
): Promise<number> {
  await tx
    .update(calls)
    .set({
      ...callColumns(item),
      lastSeenAt: context.seenAt,
      missedPolls: 0,
      updatedAt: context.seenAt,
    })
    .where(eq(calls.id, callId));
  let written = 1;
  if (changes.some((change) => change.kind === 'deadline')) {
    await tx.delete(callDeadlines).where(eq(callDeadlines.callId, callId));
    const rows = deadlineRows(callId, item.record);
    if (rows.length) await tx.insert(callDeadlines).values(rows);
    written += rows.length;
  }
  written += await recordChanges(tx, callId, changes, context);
  return written;
}

export async function recordChanges(
  tx: Tx,
  callId: string,
  changes: DetectedChange[],
  context: { runId: number; seenAt: Date },
): Promise<number> {
  if (changes.length === 0) return 0;
  await tx.insert(callChanges).values(
    changes.map((change) => ({
      callId,
      sourceRunId: context.runId,
      kind: change.kind,
      oldValue: change.oldValue,
      newValue: change.newValue,
      detectedAt: context.seenAt,
    })),
  );
  return changes.length;
}

/** Deadlines of many calls at once, ordered by stage. */
export async function loadDeadlines(tx: Tx, callIds: string[]): Promise<Map<string, Date[]>> {
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
