import { and, eq, inArray, ne } from 'drizzle-orm';
import type { NormalisedCall } from '../../scrapers/types.js';
import type { Database } from '../db/client.js';
import { calls } from '../db/schema/index.js';
import {
  insertCalls,
  loadDeadlines,
  loadStoredCalls,
  type PreparedCall,
  recordChanges,
  type Tx,
  updateCall,
} from './call-rows.js';
import { contentHashOf } from './content-hash.js';
import { detectChanges } from './diff.js';
import { type DerivedStatus, deriveStatus } from './status.js';

export interface ApplyPollInput {
  sourceId: string;
  runId: number;
  records: NormalisedCall[];
  /** The instant statuses are derived for. */
  now: Date;
  /** When the records were seen (a replay uses the snapshot's fetch time). */
  seenAt: Date;
  /**
   * Only a poll judged good may count a call's absence against it. A degraded poll still
   * applies what its records say, but absence from it means nothing.
   */
  trustAbsence: boolean;
  absentPollsBeforeClose: number;
}

export interface ApplyPollOutcome {
  new: number;
  changed: number;
  unchanged: number;
  /** Calls that moved to closed in this poll (deadline passed or long absent). */
  closed: number;
  /** Rows inserted or updated beyond the last_seen touch of unchanged calls. */
  rowsWritten: number;
  /** Calls that are new or changed in any way matching cares about (to re-match them). */
  touchedCallIds: string[];
}

/** One poll, all or nothing: a crash half-way leaves the previous state intact. */
export function applyPoll(db: Database, input: ApplyPollInput): Promise<ApplyPollOutcome> {
  return db.transaction((tx) => applyPollInTransaction(tx, input));
}

async function applyPollInTransaction(tx: Tx, input: ApplyPollInput): Promise<ApplyPollOutcome> {
  const context = { runId: input.runId, seenAt: input.seenAt };
  const existing = await tx
    .select({
      id: calls.id,
      naturalKey: calls.naturalKey,
      contentHash: calls.contentHash,
      status: calls.status,
      closedReason: calls.closedReason,
      nextDeadlineAt: calls.nextDeadlineAt,
    })
    .from(calls)
    .where(eq(calls.sourceId, input.sourceId));
  const byKey = new Map(existing.map((row) => [row.naturalKey, row]));

  const fresh: PreparedCall[] = [];
  const candidates: Array<PreparedCall & { stored: (typeof existing)[number] }> = [];
  const unchangedIds: string[] = [];
  for (const record of input.records) {
    const item = prepare(record, input.now);
    const stored = byKey.get(record.naturalKey);
    if (!stored) fresh.push(item);
    else if (isUnchanged(stored, item)) unchangedIds.push(stored.id);
    else candidates.push({ ...item, stored });
  }

  const outcome: ApplyPollOutcome = {
    new: fresh.length,
    changed: 0,
    unchanged: 0,
    closed: 0,
    rowsWritten: 0,
    touchedCallIds: [],
  };
  const inserted = await insertCalls(tx, input.sourceId, fresh, input.seenAt);
  outcome.rowsWritten += inserted.written;
  outcome.touchedCallIds.push(...inserted.ids);

  const candidateIds = candidates.map((candidate) => candidate.stored.id);
  const storedRows = await loadStoredCalls(tx, input.sourceId, candidateIds);
  const storedDeadlines = await loadDeadlines(tx, candidateIds);
  for (const candidate of candidates) {
    const row = storedRows.get(candidate.stored.id);
    if (!row) continue;
    let item: PreparedCall = candidate;
    // A thin record must not wipe the description a detail page filled in earlier.
    if (candidate.record.thin && row.descriptionHtml !== '') {
      const record = {
        ...candidate.record,
        descriptionHtml: row.descriptionHtml,
        descriptionText: row.descriptionText,
        thin: false,
      };
      item = { record, derived: candidate.derived, hash: contentHashOf(record) };
      if (isUnchanged(candidate.stored, item)) {
        unchangedIds.push(candidate.stored.id);
        continue;
      }
    }
    const changes = detectChanges(
      { ...row, deadlines: storedDeadlines.get(row.id) ?? [], status: candidate.stored.status },
      item.record,
      item.derived.status,
    );
    outcome.changed += 1;
    outcome.touchedCallIds.push(row.id);
    if (item.derived.status === 'closed' && candidate.stored.status !== 'closed')
      outcome.closed += 1;
    outcome.rowsWritten += await updateCall(tx, row.id, item, changes, context);
  }

  if (unchangedIds.length) {
    await tx
      .update(calls)
      .set({ lastSeenAt: input.seenAt, missedPolls: 0 })
      .where(inArray(calls.id, unchangedIds));
  }
  outcome.unchanged = unchangedIds.length;

  const seenKeys = new Set(input.records.map((record) => record.naturalKey));
  const absent = existing.filter((row) => !seenKeys.has(row.naturalKey) && row.status !== 'closed');
  const absentOutcome = await settleAbsentCalls(
    tx,
    input,
    absent.map((row) => row.id),
  );
  outcome.closed += absentOutcome.closed;
  outcome.rowsWritten += absentOutcome.rowsWritten;
  outcome.touchedCallIds.push(...absentOutcome.statusChanged);
  return outcome;
}

function prepare(record: NormalisedCall, now: Date): PreparedCall {
  return { record, derived: deriveStatus(record, now), hash: contentHashOf(record) };
}

function isUnchanged(
  stored: {
    contentHash: string;
    status: string;
    closedReason: string | null;
    nextDeadlineAt: Date | null;
  },
  item: { hash: string; derived: DerivedStatus },
): boolean {
  return (
    stored.contentHash === item.hash &&
    stored.status === item.derived.status &&
    stored.closedReason === item.derived.closedReason &&
    (stored.nextDeadlineAt?.getTime() ?? null) === (item.derived.nextDeadlineAt?.getTime() ?? null)
  );
}

/**
 * Calls this poll did not return. Their dates still speak (a passed deadline closes a call
 * whether or not the source listed it), but absence only counts after a good poll, and only
 * several misses in a row close a call: relevance paging drops records at random.
 */
async function settleAbsentCalls(
  tx: Tx,
  input: ApplyPollInput,
  callIds: string[],
): Promise<{ closed: number; rowsWritten: number; statusChanged: string[] }> {
  const result = { closed: 0, rowsWritten: 0, statusChanged: [] as string[] };
  if (callIds.length === 0) return result;
  const rows = await tx
    .select({
      id: calls.id,
      status: calls.status,
      openingAt: calls.openingAt,
      missedPolls: calls.missedPolls,
    })
    .from(calls)
    .where(and(inArray(calls.id, callIds), ne(calls.status, 'closed')));
  const deadlines = await loadDeadlines(tx, callIds);
  const context = { runId: input.runId, seenAt: input.seenAt };
  for (const row of rows) {
    const callDeadlines = (deadlines.get(row.id) ?? []).map((deadlineAt) => ({ deadlineAt }));
    let derived = deriveStatus({ openingAt: row.openingAt, deadlines: callDeadlines }, input.now);
    const missedPolls = input.trustAbsence ? row.missedPolls + 1 : row.missedPolls;
    if (derived.status !== 'closed' && missedPolls >= input.absentPollsBeforeClose) {
      derived = {
        status: 'closed',
        closedReason: 'absent',
        nextDeadlineAt: derived.nextDeadlineAt,
      };
    }
    if (derived.status === row.status && missedPolls === row.missedPolls) continue;
    await tx
      .update(calls)
      .set({
        status: derived.status,
        closedReason: derived.closedReason,
        nextDeadlineAt: derived.nextDeadlineAt,
        missedPolls,
        updatedAt: input.seenAt,
      })
      .where(eq(calls.id, row.id));
    result.rowsWritten += 1;
    if (derived.status !== row.status) {
      if (derived.status === 'closed') result.closed += 1;
      result.statusChanged.push(row.id);
      result.rowsWritten += await recordChanges(
        tx,
        row.id,
        [{ kind: 'status', oldValue: row.status, newValue: derived.status }],
        context,
      );
    }
  }
  return result;
}
