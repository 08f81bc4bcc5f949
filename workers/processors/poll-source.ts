import { UnrecoverableError } from 'bullmq';
import { eq } from 'drizzle-orm';
import type { HttpClient } from '../../scrapers/http/client.js';
import type { Database } from '../../src/db/client.js';
import { sources } from '../../src/db/schema/index.js';
import { runSourcePoll } from '../../src/ingest/run-poll.js';
import type { JobQueue, Processor } from '../../src/jobs/contract.js';
import type { Logger } from '../../src/logger.js';
import { livePollPlan } from '../../src/sources/live-poll.js';
import { enqueueRematchOfCalls } from './matching.js';

export interface PollSourceDeps {
  db: Database;
  http: HttpClient;
  logger: Logger;
  /** Where follow-up work goes; a function because the queue is built after the processors. */
  jobs: () => JobQueue;
}

/** Re-reads the source, polls it, stores the run. A failed poll is recorded, not thrown. */
export function pollSourceProcessor(deps: PollSourceDeps): Processor<'sources', 'poll-source'> {
  return async ({ sourceId, asOf }) => {
    const [source] = await deps.db.select().from(sources).where(eq(sources.id, sourceId));
    if (!source) throw new UnrecoverableError(`source ${sourceId} does not exist`);
    if (!source.enabled) return { skipped: 'source disabled' };
    // A live poll sees its records now, whatever day its statuses are derived for.
    const summary = await runSourcePoll(deps, {
      ...livePollPlan(deps, source, asOf),
      seenAt: new Date(),
    });
    await enqueueRematchOfCalls(deps.jobs(), summary.touchedCallIds);
    return { runId: summary.runId, outcome: summary.outcome, counts: summary.counts };
  };
}
