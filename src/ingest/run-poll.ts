import { eq } from 'drizzle-orm';
import type { StoredPage } from '../../scrapers/http/page-fetcher.js';
import type { PollResult } from '../../scrapers/types.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import {
  type SourceRunCounts,
  type SourceRunOutcome,
  sourceRuns,
  sources,
} from '../db/schema/index.js';
import type { Logger } from '../logger.js';
import {
  type AbsenceInput,
  type ApplyOutcome,
  applyRecords,
  settleAbsentCalls,
} from './apply-poll.js';
import { assessPoll, pollPolicyFrom } from './assess-poll.js';
import { breakerAfterFailure, breakerPolicyFrom } from './breaker.js';
import type { Tx } from './call-rows.js';
import { recordRematchOfCalls } from './follow-ups.js';
import { DEFAULT_RUN_LEASE_MS, type RunLease, startRun } from './run-lease.js';
import { storePages } from './source-pages.js';

export interface PollPlan {
  sourceId: string;
  /** Fetch and normalise one poll; throwing marks the run failed. */
  collect: () => Promise<PollResult>;
  /** The instant statuses are derived for. */
  now: Date;
  /** When the records were seen; defaults to now. */
  seenAt?: Date;
  /** The day the run is for (YYYY-MM-DD), for the run log. */
  asOf: string;
  /** The queue job the poll runs for: its retry supersedes a run this attempt left behind. */
  jobId?: string;
  /**
   * Pages whose validators (ETag, Last-Modified) and parses to keep once the poll is
   * applied (scrapers/http/page-fetcher.ts), stored in the poll's last transaction.
   */
  pagesToStore?: () => ReadonlyMap<string, StoredPage>;
}

interface PollDeps {
  db: Database;
  logger: Logger;
  clock: Clock;
  /** How long a run stays running without its owner's heartbeat (run-lease.ts). */
  runLeaseMs?: number;
}

export interface PollSummary {
  runId: number;
  sourceId: string;
  outcome: Exclude<SourceRunOutcome, 'running'>;
  counts: SourceRunCounts;
  pages: number;
  rowsWritten: number;
  problems: string[];
}

/**
 * One poll of one source, recorded as a source run. A failed fetch changes no call; a
 * suspicious result (see assessPoll) is applied as degraded: its records count, their
 * absence does not, and the source is flagged for a person to look at. The records are
 * applied in short transactions (applyRecords); absence, the run's result and the source's
 * health are settled together in a last one.
 */
export async function runSourcePoll(deps: PollDeps, plan: PollPlan): Promise<PollSummary> {
  const { db } = deps;
  const [source] = await db.select().from(sources).where(eq(sources.id, plan.sourceId));
  if (!source) throw new Error(`unknown source ${plan.sourceId}`);
  const lease = await startRun(deps, {
    sourceId: source.id,
    asOf: plan.asOf,
    jobId: plan.jobId ?? null,
    leaseMs: deps.runLeaseMs ?? DEFAULT_RUN_LEASE_MS,
  });
  try {
    return await pollWithin(deps, plan, source, lease);
  } finally {
    lease.stop();
  }
}

async function pollWithin(
  deps: PollDeps,
  plan: PollPlan,
  source: typeof sources.$inferSelect,
  lease: RunLease,
): Promise<PollSummary> {
  const { db, clock } = deps;
  const log = deps.logger.child({ sourceId: source.id, runId: lease.runId });
  let result: PollResult;
  try {
    result = await plan.collect();
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    log.warn({ err: error }, 'poll failed; no call was changed');
    const breaker = breakerAfterFailure(
      source.consecutiveFailures,
      breakerPolicyFrom(source.settings),
      clock.now(),
    );
    const reason = breaker.pausedUntil
      ? `${problem} (${breaker.consecutiveFailures} failed polls in a row: scheduled polls paused until ${breaker.pausedUntil.toISOString()})`
      : problem;
    await db.transaction(async (tx) => {
      await finishRun(tx, lease.runId, clock, {
        outcome: 'failed',
        counts: emptyCounts(),
        pages: 0,
        problems: [reason],
      });
      await tx
        .update(sources)
        .set({ health: 'failing', healthReason: reason, ...breaker, updatedAt: clock.now() })
        .where(eq(sources.id, source.id));
    });
    if (breaker.pausedUntil) log.warn({ pausedUntil: breaker.pausedUntil }, 'circuit open');
    return summaryOf(lease.runId, source.id, 'failed', emptyCounts(), 0, 0, [reason]);
  }
  if (result.notModified) return settleNotModified(deps, plan, source, lease.runId, result);
  const policy = pollPolicyFrom(source.settings);
  const problems = assessPoll(result, source.lastGoodRecordCount, policy);
  const outcome = problems.length ? 'degraded' : 'succeeded';
  const seenAt = plan.seenAt ?? plan.now;
  let applied: ApplyOutcome;
  try {
    applied = await applyRecords(db, {
      sourceId: source.id,
      runId: lease.runId,
      records: result.records,
      now: plan.now,
      seenAt,
      clock,
    });
  } catch (error) {
    await finishRun(db, lease.runId, clock, {
      outcome: 'failed',
      counts: { ...emptyCounts(), fetched: result.received },
      pages: result.pages,
      problems: ['storing the poll failed; the batches stored before the failure stay'],
    });
    throw error;
  }
  // What made the poll degraded first, then what is merely worth knowing.
  const allProblems = [...problems, ...result.warnings];
  const counts = await db.transaction((tx) =>
    settlePoll(tx, clock, {
      source,
      runId: lease.runId,
      result,
      applied,
      outcome,
      problems,
      allProblems,
      pagesToStore: plan.pagesToStore?.(),
      absence: {
        sourceId: source.id,
        runId: lease.runId,
        seenKeys: result.records.map((record) => record.naturalKey),
        now: plan.now,
        seenAt,
        trustAbsence: outcome === 'succeeded',
        absentPollsBeforeClose: policy.absentPollsBeforeClose,
      },
    }),
  );
  if (outcome === 'degraded') log.warn({ problems }, 'poll degraded: absence not counted');
  log.info({ counts, outcome }, 'poll stored');
  return summaryOf(
    lease.runId,
    source.id,
    outcome,
    counts,
    result.pages,
    applied.rowsWritten,
    allProblems,
  );
}

/**
 * The poll's last transaction: absence counted (and its status changes' re-match recorded),
 * the run's result and the source's health, together.
 */
async function settlePoll(
  tx: Tx,
  clock: Clock,
  poll: {
    source: typeof sources.$inferSelect;
    runId: number;
    result: PollResult;
    applied: ApplyOutcome;
    outcome: 'succeeded' | 'degraded';
    problems: string[];
    allProblems: string[];
    absence: AbsenceInput;
    pagesToStore?: ReadonlyMap<string, StoredPage>;
  },
): Promise<SourceRunCounts> {
  const { result, applied, outcome } = poll;
  if (poll.pagesToStore) await storePages(tx, poll.source.id, poll.pagesToStore, clock.now());
  const absent = await settleAbsentCalls(tx, poll.absence);
  await recordRematchOfCalls(tx, absent.statusChanged, clock.now());
  applied.closed += absent.closed;
  applied.rowsWritten += absent.rowsWritten;
  const counts: SourceRunCounts = {
    fetched: result.received,
    new: applied.new,
    changed: applied.changed,
    unchanged: applied.unchanged,
    closed: applied.closed,
    skipped: result.skipped,
  };
  await finishRun(tx, poll.runId, clock, {
    outcome,
    counts,
    pages: result.pages,
    problems: poll.allProblems,
  });
  await tx
    .update(sources)
    .set(
      outcome === 'succeeded'
        ? {
            health: 'ok',
            healthReason: null,
            lastGoodRecordCount: result.received,
            lastGoodPollAt: poll.absence.seenAt,
            consecutiveFailures: 0,
            pausedUntil: null,
            updatedAt: clock.now(),
          }
        : {
            health: 'degraded',
            healthReason: poll.problems.join('; '),
            consecutiveFailures: 0,
            pausedUntil: null,
            updatedAt: clock.now(),
          },
    )
    .where(eq(sources.id, poll.source.id));
  return counts;
}

/**
 * Every page answered 304: nothing was parsed and nothing changed, so no call is written,
 * none is touched as seen and absence is not counted; the run says so and the source is
 * healthy.
 */
async function settleNotModified(
  deps: PollDeps,
  plan: PollPlan,
  source: typeof sources.$inferSelect,
  runId: number,
  result: PollResult,
): Promise<PollSummary> {
  const { db, clock } = deps;
  const problems = ['unchanged since the last poll (HTTP 304): nothing parsed or written'];
  await db.transaction(async (tx) => {
    await finishRun(tx, runId, clock, {
      outcome: 'succeeded',
      counts: emptyCounts(),
      pages: result.pages,
      problems,
    });
    await tx
      .update(sources)
      .set({
        health: 'ok',
        healthReason: null,
        lastGoodPollAt: plan.seenAt ?? plan.now,
        consecutiveFailures: 0,
        pausedUntil: null,
        updatedAt: clock.now(),
      })
      .where(eq(sources.id, source.id));
  });
  return summaryOf(runId, source.id, 'succeeded', emptyCounts(), result.pages, 0, problems);
}

function summaryOf(
  runId: number,
  sourceId: string,
  outcome: PollSummary['outcome'],
  counts: SourceRunCounts,
  pages: number,
  rowsWritten: number,
  problems: string[],
): PollSummary {
  return { runId, sourceId, outcome, counts, pages, rowsWritten, problems };
}

function emptyCounts(): SourceRunCounts {
  return { fetched: 0, new: 0, changed: 0, unchanged: 0, closed: 0, skipped: 0 };
}

/**
 * Records the run's result whoever holds it now: had run-recovery already marked it failed
 * (a heartbeat late on a busy process), the real result is better information.
 */
async function finishRun(
  db: Database | Tx,
  runId: number,
  clock: Clock,
  values: { outcome: SourceRunOutcome; counts: SourceRunCounts; pages: number; problems: string[] },
): Promise<void> {
  await db
    .update(sourceRuns)
    .set({ ...values, finishedAt: clock.now(), leaseExpiresAt: null })
    .where(eq(sourceRuns.id, runId));
}
