import { and, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { NormalisedCall } from '../../scrapers/types.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { calls } from '../db/schema/index.js';
import {
  type CallChange,
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
import { recordRematchOfCalls } from './follow-ups.js';
import { groupSightings } from './sightings.js';
import { type DerivedStatus, deriveStatus } from './status.js';

interface ApplyPollInput {
  sourceId: string;
  runId: number;
  records: NormalisedCall[];
  /** The instant statuses are derived for. */
  now: Date;
  /** When the records were seen (a replay uses the snapshot's fetch time). */
  seenAt: Date;
  /** Stamps the follow-up rows written with each batch. */
  clock: Clock;
}

export interface ApplyOutcome {
  new: number;
  changed: number;
  unchanged: number;
  /** Calls that moved to closed in this poll (deadline passed or long absent). */
  closed: number;
  /** Rows inserted or updated beyond the last_seen touch of unchanged calls. */
  rowsWritten: number;
}

/**
 * Records per transaction. On the embedded database one transaction holds the only
 * connection, so every API read waits for it: a batch is a few tens of milliseconds there.
 */
const APPLY_BATCH = 250;

/**
 * Applies a poll's records in short transactions of APPLY_BATCH records. Each batch writes
 * its calls, deadlines, change rows and the follow-up (re-match) of what it touched
 * together, so a crash half-way leaves a consistent state: the batches done are stored
 * with their follow-ups, the rest as before the poll, absence not yet counted (the run row
 * stays running until run-recovery marks it failed), and the next poll finishes the work.
 * A batch re-reads and locks its own stored rows, so it compares against the current state.
 */
export async function applyRecords(db: Database, input: ApplyPollInput): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { new: 0, changed: 0, unchanged: 0, closed: 0, rowsWritten: 0 };
  for (let start = 0; start < input.records.length; start += APPLY_BATCH) {
    const batch = input.records.slice(start, start + APPLY_BATCH);
    const part = await db.transaction((tx) => applyBatch(tx, input, batch));
    for (const key of Object.keys(outcome) as Array<keyof ApplyOutcome>) outcome[key] += part[key];
  }
  return outcome;
}

type StoredState = Awaited<ReturnType<typeof lockStoredStates>>[number];

async function lockStoredStates(tx: Tx, sourceId: string, keys: string[]) {
  return tx
    .select({
      id: calls.id,
      naturalKey: calls.naturalKey,
      contentHash: calls.contentHash,
      status: calls.status,
      closedReason: calls.closedReason,
      nextDeadlineAt: calls.nextDeadlineAt,
      canonicalId: calls.canonicalId,
      supplementFetchedAt: sql<string | null>`${calls.supplement}->>'fetchedAt'`,
    })
    .from(calls)
    .where(and(eq(calls.sourceId, sourceId), inArray(calls.naturalKey, keys)))
    .for('update');
}

async function applyBatch(
  tx: Tx,
  input: ApplyPollInput,
  records: NormalisedCall[],
): Promise<ApplyOutcome> {
  // A batch need not wait for its own WAL flush: if the database server crashes before the
  // poll's last (synchronous) transaction, a batch may be lost whole, with its follow-up,
  // and the run is recovered as failed; the next poll redoes it. Once the last commit is
  // flushed, so are all batches before it (one WAL, in order).
  await tx.execute(sql`set local synchronous_commit = off`);
  const stored = await lockStoredStates(
    tx,
    input.sourceId,
    records.map((record) => record.naturalKey),
  );
  const byKey = new Map(stored.map((row) => [row.naturalKey, row]));
  const fresh: PreparedCall[] = [];
  const candidates: Array<PreparedCall & { stored: StoredState }> = [];
  const unchanged: Array<{ stored: StoredState; item: PreparedCall }> = [];
  for (const record of records) {
    const item = prepare(record, input.now);
    const row = byKey.get(record.naturalKey);
    if (!row) fresh.push(item);
    else if (isUnchanged(row, item)) unchanged.push({ stored: row, item });
    else candidates.push({ ...item, stored: row });
  }
  const inserted = await insertCalls(tx, input.sourceId, fresh, input.seenAt);
  const updated = await updateCandidates(tx, input, candidates, unchanged);
  const outcome: ApplyOutcome = {
    new: fresh.length,
    changed: updated.touched.length,
    unchanged: unchanged.length,
    closed: updated.closed,
    rowsWritten: inserted.written + updated.written,
  };
  outcome.rowsWritten += await touchUnchanged(tx, input.seenAt, unchanged);
  const touched = [...inserted.ids, ...updated.touched];
  const regrouped = await groupSightings(tx, input.sourceId, touched);
  await recordRematchOfCalls(tx, [...new Set([...touched, ...regrouped])], input.clock.now());
  return outcome;
}

async function updateCandidates(
  tx: Tx,
  input: ApplyPollInput,
  candidates: Array<PreparedCall & { stored: StoredState }>,
  unchanged: Array<{ stored: StoredState; item: PreparedCall }>,
): Promise<{ touched: string[]; closed: number; written: number }> {
  const result = { touched: [] as string[], closed: 0, written: 0 };
  const ids = candidates.map((candidate) => candidate.stored.id);
  const storedRows = await loadStoredCalls(tx, input.sourceId, ids);
  const storedDeadlines = await loadDeadlines(tx, ids);
  const changes: CallChange[] = [];
  for (const candidate of candidates) {
    const row = storedRows.get(candidate.stored.id);
    if (!row) continue;
    const item = keepWhatDetailsGave(candidate, row);
    if (item !== candidate && isUnchanged(candidate.stored, item)) {
      unchanged.push({ stored: candidate.stored, item });
      continue;
    }
    const detected = detectChanges(
      { ...row, deadlines: storedDeadlines.get(row.id) ?? [], status: candidate.stored.status },
      item.record,
      item.derived.status,
    );
    // A sighting of a call another source is believed on records no change: the call's
    // source records it, once (sightings.ts).
    if (!candidate.stored.canonicalId)
      changes.push(...detected.map((change) => ({ ...change, callId: row.id })));
    result.touched.push(row.id);
    if (item.derived.status === 'closed' && candidate.stored.status !== 'closed')
      result.closed += 1;
    result.written += await updateCall(tx, row.id, item, detected, input.seenAt);
  }
  result.written += await recordChanges(tx, changes, input);
  return result;
}

type StoredRow = NonNullable<ReturnType<Awaited<ReturnType<typeof loadStoredCalls>>['get']>>;

/**
 * A record that arrives thin although its call was described before (details not re-applied
 * by the scraper: stored before supplements were kept, or the detail page is gone) must not
 * wipe the description, keywords and tags the details gave.
 */
function keepWhatDetailsGave(candidate: PreparedCall, row: StoredRow): PreparedCall {
  if (!candidate.record.thin || row.descriptionHtml === '') return candidate;
  const record: NormalisedCall = {
    ...candidate.record,
    descriptionHtml: row.descriptionHtml,
    descriptionText: row.descriptionText,
    keywords: row.keywords,
    tags: row.tags,
    supplement: row.supplement,
    thin: false,
  };
  return { record, derived: candidate.derived, hash: contentHashOf(record) };
}

/**
 * Unchanged calls only get last_seen; a topic-details answer fetched again with the same
 * content also gets its new fetch time (so it is not asked for again at once), which counts
 * as a row written but is no change and no re-match.
 */
async function touchUnchanged(
  tx: Tx,
  seenAt: Date,
  unchanged: Array<{ stored: StoredState; item: PreparedCall }>,
): Promise<number> {
  if (unchanged.length === 0) return 0;
  await tx
    .update(calls)
    .set({ lastSeenAt: seenAt, missedPolls: 0 })
    .where(
      inArray(
        calls.id,
        unchanged.map(({ stored }) => stored.id),
      ),
    );
  let written = 0;
  for (const { stored, item } of unchanged) {
    const supplement = item.record.supplement;
    if (!supplement || supplement.fetchedAt === stored.supplementFetchedAt) continue;
    await tx.update(calls).set({ supplement }).where(eq(calls.id, stored.id));
    written += 1;
  }
  return written;
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

export interface AbsenceInput {
  sourceId: string;
  runId: number;
  /** Natural keys the poll returned. */
  seenKeys: string[];
  now: Date;
  seenAt: Date;
  /**
   * Only a poll judged good may count a call's absence against it. A degraded poll still
   * applies what its records say, but absence from it means nothing.
   */
  trustAbsence: boolean;
  absentPollsBeforeClose: number;
}

/**
 * Calls this poll did not return, settled in the caller's (final) transaction. Their dates
 * still speak (a passed deadline closes a call whether or not the source listed it), but
 * absence only counts after a good poll, and only several misses in a row close a call:
 * relevance paging drops records at random. Returns the calls whose status changed.
 */
export async function settleAbsentCalls(
  tx: Tx,
  input: AbsenceInput,
): Promise<{ closed: number; rowsWritten: number; statusChanged: string[] }> {
  const result = { closed: 0, rowsWritten: 0, statusChanged: [] as string[] };
  const rows = await tx
    .select({
      id: calls.id,
      status: calls.status,
      openingAt: calls.openingAt,
      missedPolls: calls.missedPolls,
      canonicalId: calls.canonicalId,
    })
    .from(calls)
    .where(
      and(
        eq(calls.sourceId, input.sourceId),
        ne(calls.status, 'closed'),
        input.seenKeys.length ? notInArray(calls.naturalKey, input.seenKeys) : undefined,
      ),
    )
    .for('update');
  if (rows.length === 0) return result;
  const deadlines = await loadDeadlines(
    tx,
    rows.map((row) => row.id),
  );
  const changes: CallChange[] = [];
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
      if (!row.canonicalId)
        changes.push({
          callId: row.id,
          kind: 'status',
          oldValue: row.status,
          newValue: derived.status,
        });
    }
  }
  result.rowsWritten += await recordChanges(tx, changes, input);
  return result;
}
