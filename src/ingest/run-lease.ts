import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { sourceRuns } from '../db/schema/index.js';
import type { Logger } from '../logger.js';

/**
 * A running run is leased by the process running it, which extends the lease while it
 * works. A run still `running` past its lease belongs to a process that died (SIGKILL, OOM,
 * a lost machine): recoverAbandonedRuns marks it failed. Two minutes rides out a busy event
 * loop (a re-match in the same worker) without leaving a dead run on show for long.
 */
export const DEFAULT_RUN_LEASE_MS = 120_000;

/** This process, as run rows name their owner: host, pid and a random part (pids repeat). */
const processOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export interface RunLease {
  runId: number;
  stop(): void;
}

type Deps = { db: Database; logger: Logger; clock: Clock };

/**
 * Inserts the run row, leased to this process, and keeps the lease alive until stop(). A
 * retry of the same queue job (BullMQ re-runs a stalled job) first marks the run its
 * earlier attempt left `running` as failed: only one attempt of a job holds it at a time.
 */
export async function startRun(
  deps: Deps,
  run: { sourceId: string; asOf: string; jobId: string | null; leaseMs: number },
): Promise<RunLease> {
  const { db, clock } = deps;
  if (run.jobId) {
    await markFailed(
      db,
      clock,
      and(eq(sourceRuns.sourceId, run.sourceId), eq(sourceRuns.jobId, run.jobId)),
      'a later attempt of the same job took over this poll; this attempt stopped unfinished',
    );
  }
  const now = clock.now();
  const [row] = await db
    .insert(sourceRuns)
    .values({
      sourceId: run.sourceId,
      asOf: run.asOf,
      startedAt: now,
      owner: processOwner,
      jobId: run.jobId,
      leaseExpiresAt: new Date(now.getTime() + run.leaseMs),
    })
    .returning({ id: sourceRuns.id });
  if (!row) throw new Error('could not record the source run');
  const runId = row.id;
  const timer = setInterval(() => {
    db.update(sourceRuns)
      .set({ leaseExpiresAt: new Date(clock.now().getTime() + run.leaseMs) })
      .where(and(eq(sourceRuns.id, runId), eq(sourceRuns.outcome, 'running')))
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, runId }, 'could not extend the run lease'),
      );
  }, run.leaseMs / 4);
  timer.unref();
  return { runId, stop: () => clearInterval(timer) };
}

/** Marks runs `running` past their lease (or from before leases existed) as failed. */
export async function recoverAbandonedRuns(deps: Deps): Promise<number[]> {
  const now = deps.clock.now();
  const ids = await markFailed(
    deps.db,
    deps.clock,
    or(isNull(sourceRuns.leaseExpiresAt), lt(sourceRuns.leaseExpiresAt, now)),
    'the process running this poll stopped before finishing it (its lease ran out); the next poll redoes the work',
  );
  if (ids.length) deps.logger.warn({ runIds: ids }, 'runs of stopped processes marked failed');
  return ids;
}

async function markFailed(
  db: Database,
  clock: Clock,
  where: ReturnType<typeof and>,
  problem: string,
): Promise<number[]> {
  const rows = await db
    .update(sourceRuns)
    .set({
      outcome: 'failed',
      finishedAt: clock.now(),
      leaseExpiresAt: null,
      problems: sql`${sourceRuns.problems} || ${JSON.stringify([problem])}::jsonb`,
    })
    .where(and(eq(sourceRuns.outcome, 'running'), where))
    .returning({ id: sourceRuns.id });
  return rows.map((row) => row.id);
}

/** At start and then every `intervalMs`: runs left by dead processes are marked failed. */
export function startRunRecovery(deps: Deps, intervalMs: number): { close(): void } {
  const sweep = () =>
    recoverAbandonedRuns(deps).catch((error: unknown) =>
      deps.logger.error({ err: error }, 'run recovery failed; retried at the next interval'),
    );
  void sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
