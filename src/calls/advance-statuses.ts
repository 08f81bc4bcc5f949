import { and, asc, eq, gt, inArray, isNull, lt, lte, min, ne, or, type SQL } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { callChanges, calls, matches } from '../db/schema/index.js';
import { loadDeadlines } from '../ingest/call-rows.js';
import { type DerivedStatus, deriveStatus, UNDATED_CALL_OPEN_DAYS } from '../ingest/status.js';
import type { Logger } from '../logger.js';

/**
 * Calls per transaction: short transactions keep the API answering on the embedded database
 * while a sweep closes hundreds of calls after a long pause.
 */
const SWEEP_BATCH = 200;
const DAY_MS = 86_400_000;

export interface AdvanceOutcome {
  /** Calls whose status or next deadline this sweep moved on. */
  advanced: number;
  /** Calls that closed (their matches were removed with them). */
  closedCallIds: string[];
}

type Candidate = Pick<
  typeof calls.$inferSelect,
  'id' | 'status' | 'closedReason' | 'openingAt' | 'nextDeadlineAt'
>;

/** A transaction handle: the same drizzle API as the database. */
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Stored calls whose derivation time has overtaken: a next deadline that passed, a
 * forthcoming call whose opening came, an undated call past its year. Bound parameters for
 * the instant: "now" is the application's clock, never the database's.
 */
function overtakenAt(now: Date): SQL {
  const undatedSince = new Date(now.getTime() - UNDATED_CALL_OPEN_DAYS * DAY_MS);
  return and(
    ne(calls.status, 'closed'),
    or(
      lt(calls.nextDeadlineAt, now),
      and(eq(calls.status, 'forthcoming'), lte(calls.openingAt, now)),
      and(
        isNull(calls.nextDeadlineAt),
        or(isNull(calls.openingAt), lt(calls.openingAt, undatedSince)),
      ),
    ),
  ) as SQL;
}

/**
 * Moves every stored call on to what its dates say as of the clock's now, without a poll:
 * a call whose last deadline passed closes and loses its matches, a forthcoming call opens,
 * a two-stage call moves to its next deadline. Each move is a change row (no source run).
 * Safe to run from several processes at once, and beside a poll: see advanceBatch.
 */
export async function advanceCallStatuses(deps: {
  db: Database;
  clock: Clock;
  logger?: Logger;
}): Promise<AdvanceOutcome> {
  const now = deps.clock.now();
  const outcome: AdvanceOutcome = { advanced: 0, closedCallIds: [] };
  let after: string | null = null;
  for (;;) {
    const batch = await deps.db.transaction((tx) => advanceBatch(tx, now, after));
    if (batch.lastId === null) break;
    after = batch.lastId;
    outcome.advanced += batch.advanced;
    outcome.closedCallIds.push(...batch.closedCallIds);
  }
  if (outcome.advanced > 0)
    deps.logger?.info(
      { advanced: outcome.advanced, closed: outcome.closedCallIds.length, now },
      'call statuses advanced to now',
    );
  return outcome;
}

/**
 * One short transaction: lock up to SWEEP_BATCH overtaken calls, re-derive, write. Rows a
 * poll or another sweep holds are skipped, never waited for: the sweep cannot deadlock with a
 * poll's long transaction, and two sweeps never move (and record) the same call twice. A
 * skipped call is caught by the next sweep, or already re-derived by the poll that held it.
 */
async function advanceBatch(
  tx: Tx,
  now: Date,
  after: string | null,
): Promise<AdvanceOutcome & { lastId: string | null }> {
  const batch: Candidate[] = await tx
    .select({
      id: calls.id,
      status: calls.status,
      closedReason: calls.closedReason,
      openingAt: calls.openingAt,
      nextDeadlineAt: calls.nextDeadlineAt,
    })
    .from(calls)
    .where(after ? and(overtakenAt(now), gt(calls.id, after)) : overtakenAt(now))
    .orderBy(asc(calls.id))
    .limit(SWEEP_BATCH)
    .for('update', { skipLocked: true });
  const outcome = { advanced: 0, closedCallIds: [] as string[], lastId: batch.at(-1)?.id ?? null };
  if (batch.length === 0) return outcome;
  const deadlines = await loadDeadlines(
    tx,
    batch.map((call) => call.id),
  );
  for (const call of batch) {
    const derived = deriveStatus(
      { openingAt: call.openingAt, deadlines: asDeadlines(deadlines.get(call.id)) },
      now,
    );
    if (sameDerivation(call, derived)) continue;
    // The row is locked by this transaction; the status guard states what the move is from.
    await tx
      .update(calls)
      .set({ ...derived, updatedAt: now })
      .where(and(eq(calls.id, call.id), eq(calls.status, call.status)));
    await tx.insert(callChanges).values(changeRows(call, derived, now));
    outcome.advanced += 1;
    if (derived.status === 'closed') outcome.closedCallIds.push(call.id);
  }
  // After the calls' own rows are updated (and so locked): matching takes the same order.
  if (outcome.closedCallIds.length)
    await tx.delete(matches).where(inArray(matches.callId, outcome.closedCallIds));
  return outcome;
}

function asDeadlines(instants: Date[] = []) {
  return instants.map((deadlineAt) => ({ deadlineAt }));
}

function sameDerivation(call: Candidate, derived: DerivedStatus): boolean {
  return (
    call.status === derived.status &&
    call.closedReason === derived.closedReason &&
    (call.nextDeadlineAt?.getTime() ?? null) === (derived.nextDeadlineAt?.getTime() ?? null)
  );
}

/** A status move is told as a status change; a stage move of an open call as next-deadline. */
function changeRows(call: Candidate, derived: DerivedStatus, now: Date) {
  const base = { callId: call.id, sourceRunId: null, detectedAt: now };
  const rows: Array<typeof callChanges.$inferInsert> = [];
  if (call.status !== derived.status)
    rows.push({ ...base, kind: 'status', oldValue: call.status, newValue: derived.status });
  const oldNext = call.nextDeadlineAt?.toISOString() ?? null;
  const newNext = derived.nextDeadlineAt?.toISOString() ?? null;
  if (derived.status !== 'closed' && oldNext !== newNext)
    rows.push({ ...base, kind: 'next-deadline', oldValue: oldNext, newValue: newNext });
  return rows;
}

/**
 * The earliest instant at which some stored call's derivation will be overtaken, or null
 * when none will (every call closed). Three index-friendly minima.
 */
export async function nextTransitionAt(db: Database): Promise<Date | null> {
  const notClosed = inArray(calls.status, ['open', 'forthcoming']);
  const [deadline] = await db
    .select({ at: min(calls.nextDeadlineAt) })
    .from(calls)
    .where(notClosed);
  const [opening] = await db
    .select({ at: min(calls.openingAt) })
    .from(calls)
    .where(eq(calls.status, 'forthcoming'));
  const [undated] = await db
    .select({ at: min(calls.openingAt) })
    .from(calls)
    .where(and(notClosed, isNull(calls.nextDeadlineAt)));
  const instants = [
    // A deadline is still ahead at its own instant; it has passed one millisecond later.
    deadline?.at ? deadline.at.getTime() + 1 : null,
    opening?.at ? opening.at.getTime() : null,
    undated?.at ? undated.at.getTime() + UNDATED_CALL_OPEN_DAYS * DAY_MS + 1 : null,
  ].filter((value): value is number => value !== null);
  return instants.length ? new Date(Math.min(...instants)) : null;
}
