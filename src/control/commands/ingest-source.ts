import { eq } from 'drizzle-orm';
import { ftPortalCalendar } from '../../../scrapers/ft-portal/calendar.js';
import type { PageProgress } from '../../../scrapers/ft-portal/fetch.js';
import { openSnapshot } from '../../../scrapers/ft-portal/snapshot.js';
import { HttpClient } from '../../../scrapers/http/client.js';
import type { Database } from '../../db/client.js';
import { sources } from '../../db/schema/index.js';
import { type PollPlan, type PollSummary, runSourcePoll } from '../../ingest/run-poll.js';
import { validatePayload } from '../../jobs/dispatch.js';
import { OutboxRelay, type OutboxRow } from '../../jobs/outbox.js';
import type { Logger } from '../../logger.js';
import { createMatchingDeps, rematchCalls } from '../../matching/service.js';
import { ensureBuiltInSources, FT_PORTAL_SOURCE_ID } from '../../sources/built-in.js';
import { collectFtPortalSnapshot, knownSupplements } from '../../sources/ft-portal.js';
import { sourceKindDefinitions } from '../../sources/kinds.js';
import { livePollPlan } from '../../sources/live-poll.js';
import type { CommandDeps, IngestArgs, IngestSourceArgs } from './types.js';

type SourceRow = typeof sources.$inferSelect;

/** What the CLI prints, whether the poll ran in the CLI or in the running service. */
export type IngestSummary = Pick<
  PollSummary,
  'sourceId' | 'runId' | 'outcome' | 'pages' | 'counts' | 'problems'
> & {
  /** Follow-up jobs (re-matches) that failed here; their rows stay for the service. */
  followUpsFailed: number;
};

/** `ingest ft-portal`, as the control protocol has always named it. */
export function ingestFtPortal(
  deps: CommandDeps,
  args: IngestArgs,
  onPage: (progress: PageProgress) => void,
): Promise<IngestSummary> {
  return ingestSource(deps, { ...args, sourceId: FT_PORTAL_SOURCE_ID }, onPage);
}

/**
 * One poll of any source, live or from a recorded folder, run where the database is open:
 * in this process or in the service.
 */
export async function ingestSource(
  deps: CommandDeps,
  args: IngestSourceArgs,
  onPage: (progress: PageProgress) => void,
): Promise<IngestSummary> {
  const { db, logger, config } = deps;
  // A replay reads files only: no HTTP client, so no socket can be opened by mistake.
  const http = args.replay ? null : new HttpClient(config.http);
  try {
    await ensureBuiltInSources(db, config, deps.clock);
    const source = await sourceOf(db, args.sourceId);
    const plan = args.replay
      ? await replayPlan(db, source, args.replay, args.asOf, onPage)
      : livePollPlan(
          { db, http: http as HttpClient, clock: deps.clock },
          source,
          args.asOf,
          onPage,
        );
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

async function sourceOf(db: Database, sourceId: string): Promise<SourceRow> {
  const [source] = await db.select().from(sources).where(eq(sources.id, sourceId));
  if (!source) {
    const known = await db.select({ id: sources.id }).from(sources).orderBy(sources.id);
    throw new Error(
      `no source "${sourceId}"; the sources are: ${known.map((row) => row.id).join(', ')}`,
    );
  }
  return source;
}

/**
 * Statuses as of the recording's day (or --as-of; today when the files do not say when
 * they were recorded); records seen when it was recorded.
 */
async function replayPlan(
  db: Database,
  source: SourceRow,
  folder: string,
  asOf: string | undefined,
  onPage: OnPage,
): Promise<PollPlan> {
  if (source.kind === 'ft-portal') return ftPortalReplayPlan(db, source.id, folder, asOf, onPage);
  const definition = sourceKindDefinitions[source.kind];
  const settings = definition.parseSettings(source.settings);
  const today = definition.calendar.dayOf(new Date());
  // The recording is read before the run starts: the day it was made decides what the run
  // is for (its year-less dates and recurrences are read as of --as-of or today).
  const recorded = await definition.replay({
    folder,
    baseUrl: source.baseUrl,
    settings,
    now: definition.calendar.startOfDay(asOf ?? today),
  });
  const day = asOf ?? (recorded.fetchedAt ? definition.calendar.dayOf(recorded.fetchedAt) : today);
  const now = definition.calendar.startOfDay(day);
  return {
    sourceId: source.id,
    asOf: day,
    now,
    seenAt: recorded.fetchedAt ?? now,
    collect: async () => recorded,
  };
}

/** Statuses as of the snapshot's fetch day (or --as-of); records seen when it was fetched. */
async function ftPortalReplayPlan(
  db: Database,
  sourceId: string,
  folder: string,
  asOf: string | undefined,
  onPage: OnPage,
): Promise<PollPlan> {
  const snapshot = await openSnapshot(folder);
  const day = asOf ?? ftPortalCalendar.dayOf(snapshot.fetchedAt);
  const now = ftPortalCalendar.startOfDay(day);
  return {
    sourceId,
    asOf: day,
    now,
    seenAt: snapshot.fetchedAt,
    collect: async () =>
      collectFtPortalSnapshot(folder, now, onPage, await knownSupplements(db, sourceId)),
  };
}
