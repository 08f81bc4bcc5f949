import { eq } from 'drizzle-orm';
import type { PollResult } from '../../scrapers/types.js';
import type { Database } from '../db/client.js';
import {
  type SourceRunCounts,
  type SourceRunOutcome,
  sourceRuns,
  sources,
} from '../db/schema/index.js';
import type { Logger } from '../logger.js';
import { applyPoll } from './apply-poll.js';
import { assessPoll, pollPolicyFrom } from './assess-poll.js';

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
}

export interface PollSummary {
  runId: number;
  sourceId: string;
  outcome: Exclude<SourceRunOutcome, 'running'>;
  counts: SourceRunCounts;
  pages: number;
  rowsWritten: number;
  problems: string[];
  /** New and changed calls, to be re-matched. */
  touchedCallIds: string[];
}

/**
 * One poll of one source, recorded as a source run. A failed fetch changes no call; a
 * suspicious result (see assessPoll) is applied as degraded: its records count, their
 * absence does not, and the source is flagged for a person to look at.
 */
export async function runSourcePoll(
  deps: { db: Database; logger: Logger },
  plan: PollPlan,
): Promise<PollSummary> {
  const { db, logger } = deps;
  const [source] = await db.select().from(sources).where(eq(sources.id, plan.sourceId));
  if (!source) throw new Error(`unknown source ${plan.sourceId}`);
  const [run] = await db
    .insert(sourceRuns)
    .values({ sourceId: source.id, asOf: plan.asOf })
    .returning({ id: sourceRuns.id });
  if (!run) throw new Error('could not record the source run');
  const log = logger.child({ sourceId: source.id, runId: run.id });

  let result: PollResult;
  try {
    result = await plan.collect();
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    log.warn({ err: error }, 'poll failed; no call was changed');
    const counts = emptyCounts();
    await finishRun(db, run.id, { outcome: 'failed', counts, pages: 0, problems: [problem] });
    await db
      .update(sources)
      .set({ health: 'failing', healthReason: problem, updatedAt: new Date() })
      .where(eq(sources.id, source.id));
    return {
      runId: run.id,
      sourceId: source.id,
      outcome: 'failed',
      counts,
      pages: 0,
      rowsWritten: 0,
      problems: [problem],
      touchedCallIds: [],
    };
  }

  const policy = pollPolicyFrom(source.settings);
  const problems = assessPoll(result, source.lastGoodRecordCount, policy);
  const outcome = problems.length ? 'degraded' : 'succeeded';
  let applied: Awaited<ReturnType<typeof applyPoll>>;
  try {
    applied = await applyPoll(db, {
      sourceId: source.id,
      runId: run.id,
      records: result.records,
      now: plan.now,
      seenAt: plan.seenAt ?? plan.now,
      trustAbsence: outcome === 'succeeded',
      absentPollsBeforeClose: policy.absentPollsBeforeClose,
    });
  } catch (error) {
    await finishRun(db, run.id, {
      outcome: 'failed',
      counts: { ...emptyCounts(), fetched: result.received },
      pages: result.pages,
      problems: ['storing the poll failed'],
    });
    throw error;
  }
  const counts: SourceRunCounts = {
    fetched: result.received,
    new: applied.new,
    changed: applied.changed,
    unchanged: applied.unchanged,
    closed: applied.closed,
    skipped: result.skipped,
  };
  // What made the poll degraded first, then what is merely worth knowing.
  const allProblems = [...problems, ...result.warnings];
  await finishRun(db, run.id, { outcome, counts, pages: result.pages, problems: allProblems });
  await db
    .update(sources)
    .set(
      outcome === 'succeeded'
        ? {
            health: 'ok',
            healthReason: null,
            lastGoodRecordCount: result.received,
            lastGoodPollAt: plan.seenAt ?? plan.now,
            updatedAt: new Date(),
          }
        : { health: 'degraded', healthReason: problems.join('; '), updatedAt: new Date() },
    )
    .where(eq(sources.id, source.id));
  if (outcome === 'degraded') log.warn({ problems }, 'poll degraded: absence not counted');
  log.info({ counts, outcome }, 'poll stored');
  return {
    runId: run.id,
    sourceId: source.id,
    outcome,
    counts,
    pages: result.pages,
    rowsWritten: applied.rowsWritten,
    problems: allProblems,
    touchedCallIds: applied.touchedCallIds,
  };
}

function emptyCounts(): SourceRunCounts {
  return { fetched: 0, new: 0, changed: 0, unchanged: 0, closed: 0, skipped: 0 };
}

async function finishRun(
  db: Database,
  runId: number,
  values: { outcome: SourceRunOutcome; counts: SourceRunCounts; pages: number; problems: string[] },
): Promise<void> {
  await db
    .update(sourceRuns)
    .set({ ...values, finishedAt: new Date() })
    .where(eq(sourceRuns.id, runId));
}
