import { eq } from 'drizzle-orm';
import { ftPortalCalendar } from '../../../scrapers/ft-portal/calendar.js';
import type { PageProgress } from '../../../scrapers/ft-portal/fetch.js';
import { openSnapshot } from '../../../scrapers/ft-portal/snapshot.js';
import { HttpClient } from '../../../scrapers/http/client.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/client.js';
import { sources } from '../../db/schema/index.js';
import { type PollPlan, type PollSummary, runSourcePoll } from '../../ingest/run-poll.js';
import { validatePayload } from '../../jobs/dispatch.js';
import { OutboxRelay, type OutboxRow } from '../../jobs/outbox.js';
import type { Logger } from '../../logger.js';
import { createMatchingDeps, rematchCalls } from '../../matching/service.js';
import { ensureBuiltInSources, FT_PORTAL_SOURCE_ID } from '../../sources/built-in.js';
import { collectFtPortalSnapshot, knownSupplements } from '../../sources/ft-portal.js';
import { livePollPlan } from '../../sources/live-poll.js';
import type { CommandDeps, IngestArgs } from './types.js';

/** What the CLI prints, whether the poll ran in the CLI or in the running service. */
export type IngestSummary = Pick<
  PollSummary,
  'sourceId' | 'runId' | 'outcome' | 'pages' | 'counts' | 'problems'
> & {
  /** Follow-up jobs (re-matches) that failed here; their rows stay for the service. */
  followUpsFailed: number;
};

/** The poll itself, run where the database is open: in this process or in the service. */
export async function ingestFtPortal(
  deps: CommandDeps,
  args: IngestArgs,
  onPage: (progress: PageProgress) => void,
): Promise<IngestSummary> {
  const { db, logger, config } = deps;
  // A replay reads files only: no HTTP client, so no socket can be opened by mistake.
  const http = args.replay ? null : new HttpClient(config.http);
  try {
    await ensureBuiltInSources(db, config, deps.clock);
    const plan = args.replay
      ? await replayPlan(db, args.replay, args.asOf, onPage)
      : await livePlan({ db, http: http as HttpClient, clock: deps.clock }, args.asOf, onPage);
    const summary = await runSourcePoll({ db, logger, clock: deps.clock }, plan);
    const followUpsFailed = await runFollowUps(db, logger, plan.now);
    const { sourceId, runId, outcome, pages, counts, problems } = summary;
    return { sourceId, runId, outcome, pages, counts, problems, followUpsFailed };
  } finally {
    await http?.close();
  }
}

type OnPage = (progress: PageProgress) => void;

/**
 * What a worker's relay would queue after the poll (the job_outbox rows its batches
 * recorded), run here and removed: the new and changed calls are matched for every tenant,
 * as of the same day the statuses were derived for. A row whose job fails stays for the
 * service to run; the count of those is returned.
 */
async function runFollowUps(db: Database, logger: Logger, now: Date): Promise<number> {
  const matching = createMatchingDeps(db, logger);
  let failed = 0;
  const run = async (row: OutboxRow): Promise<'done' | 'keep'> => {
    // Only call re-matches follow a poll; anything else is left for the service.
    if (row.queue !== 'matching' || row.job !== 'rematch-calls') return 'keep';
    try {
      const { callIds } = validatePayload('matching', 'rematch-calls', row.payload);
      await rematchCalls(matching, { callIds, now });
      return 'done';
    } catch (error) {
      failed += 1;
      throw error;
    }
  };
  await new OutboxRelay({ db, logger }, { kind: 'run', run }).drain();
  return failed;
}

/** Statuses as of the snapshot's fetch day (or --as-of); records seen when it was fetched. */
async function replayPlan(
  db: Database,
  folder: string,
  asOf: string | undefined,
  onPage: OnPage,
): Promise<PollPlan> {
  const snapshot = await openSnapshot(folder);
  const day = asOf ?? ftPortalCalendar.dayOf(snapshot.fetchedAt);
  const now = ftPortalCalendar.startOfDay(day);
  return {
    sourceId: FT_PORTAL_SOURCE_ID,
    asOf: day,
    now,
    seenAt: snapshot.fetchedAt,
    collect: async () =>
      collectFtPortalSnapshot(folder, now, onPage, await knownSupplements(db, FT_PORTAL_SOURCE_ID)),
  };
}

async function livePlan(
  deps: { db: Database; http: HttpClient; clock: Clock },
  asOf: string | undefined,
  onPage: OnPage,
): Promise<PollPlan> {
  const [source] = await deps.db.select().from(sources).where(eq(sources.id, FT_PORTAL_SOURCE_ID));
  if (!source) throw new Error('the ft-portal source is missing');
  return livePollPlan(deps, source, asOf, onPage);
}
