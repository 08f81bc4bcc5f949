import { UnrecoverableError } from 'bullmq';
import { eq } from 'drizzle-orm';
import { localDateOf, startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import type { HttpClient } from '../../scrapers/http/client.js';
import type { Database } from '../../src/db/client.js';
import { sources } from '../../src/db/schema/index.js';
import { runSourcePoll } from '../../src/ingest/run-poll.js';
import type { JobQueue, Processor } from '../../src/jobs/contract.js';
import type { Logger } from '../../src/logger.js';
import { collectFtPortal } from '../../src/sources/ft-portal.js';
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
    const now = asOf ? startOfLocalDay(asOf, BRUSSELS) : new Date();
    const summary = await runSourcePoll(deps, {
      sourceId,
      asOf: asOf ?? localDateOf(now, BRUSSELS),
      now,
      seenAt: new Date(),
      collect: () => {
        switch (source.kind) {
          case 'ft-portal':
            return collectFtPortal(deps, source, now);
        }
      },
    });
    await enqueueRematchOfCalls(deps.jobs(), summary.touchedCallIds);
    return { runId: summary.runId, outcome: summary.outcome, counts: summary.counts };
  };
}
