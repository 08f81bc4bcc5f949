import { UnrecoverableError } from 'bullmq';
import { eq } from 'drizzle-orm';
import type { HttpClient } from '../../scrapers/http/client.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { breakerOpen } from '../ingest/breaker.js';
import { runSourcePoll } from '../ingest/run-poll.js';
import type { JobQueue, Processor } from '../jobs/contract.js';
import type { Logger } from '../logger.js';
import { livePollPlan } from '../sources/live-poll.js';

export interface PollSourceDeps {
  db: Database;
  http: HttpClient;
  logger: Logger;
  /** The application's clock: when records were seen, when runs start and finish. */
  clock: Clock;
  /** Where follow-up work goes; a function because the queue is built after the processors. */
  jobs: () => JobQueue;
  /**
   * The process's outbox relay (src/jobs/outbox.ts), poked once a poll has committed its
   * follow-ups so they go out at once; without it the relay's interval picks them up.
   */
  outbox?: { poke(): void };
  /** How long a poll's run row stays leased without a heartbeat (RUN_LEASE_SECONDS). */
  runLeaseMs?: number;
}

/**
 * Re-reads the source, polls it, stores the run. A failed poll is recorded, not thrown. The
 * re-match of new and changed calls is recorded with them (job_outbox), not enqueued here.
 */
export function pollSourceProcessor(deps: PollSourceDeps): Processor<'sources', 'poll-source'> {
  return async ({ sourceId, asOf, trigger }, context) => {
    const [source] = await deps.db.select().from(sources).where(eq(sources.id, sourceId));
    if (!source) throw new UnrecoverableError(`source ${sourceId} does not exist`);
    if (!source.enabled) return { skipped: 'source disabled' };
    // An open breaker skips the schedule's polls; an admin's poll now is the probe.
    if (trigger === 'schedule' && breakerOpen(source.pausedUntil, deps.clock.now()))
      return { skipped: `circuit open until ${source.pausedUntil?.toISOString()}` };
    // A live poll sees its records now, whatever day its statuses are derived for.
    const summary = await runSourcePoll(deps, {
      ...livePollPlan(deps, source, asOf),
      seenAt: deps.clock.now(),
      jobId: context.jobId || undefined,
    });
    deps.outbox?.poke();
    return { runId: summary.runId, outcome: summary.outcome, counts: summary.counts };
  };
}
