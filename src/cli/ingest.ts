import { eq } from 'drizzle-orm';
import { localDateOf, startOfLocalDay } from '../../scrapers/dates.js';
import type { PageProgress } from '../../scrapers/ft-portal/fetch.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { openSnapshot } from '../../scrapers/ft-portal/snapshot.js';
import { HttpClient } from '../../scrapers/http/client.js';
import { matchingProcessors } from '../../workers/processors/matching.js';
import { type Clock, systemClock } from '../clock.js';
import type { Database } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { type PollPlan, type PollSummary, runSourcePoll } from '../ingest/run-poll.js';
import { validatePayload } from '../jobs/dispatch.js';
import { OutboxRelay, type OutboxRow, outboxJobId } from '../jobs/outbox.js';
import type { Logger } from '../logger.js';
import { createMatchingDeps } from '../matching/service.js';
import { ensureBuiltInSources, FT_PORTAL_SOURCE_ID } from '../sources/built-in.js';
import { collectFtPortalSnapshot, knownSupplements } from '../sources/ft-portal.js';
import { livePollPlan } from '../sources/live-poll.js';
import { openCliContext } from './database.js';
import { printLine } from './output.js';

export interface IngestOptions {
  replay: string | undefined;
  asOf: string | undefined;
  json: boolean;
}

/** `ingest ft-portal`: one poll now, or one recorded snapshot; returns the exit code. */
export async function ingestCommand(options: IngestOptions): Promise<number> {
  const { config, logger, handle } = await openCliContext();
  // A replay reads files only: no HTTP client, so no socket can be opened by mistake.
  const http = options.replay ? null : new HttpClient(config.http);
  try {
    await ensureBuiltInSources(handle.db, config);
    const onPage = (progress: PageProgress) => {
      if (options.json) return;
      process.stderr.write(
        `\rpage ${progress.pageNumber}/${progress.pages} · ${progress.records} records`,
      );
    };
    const plan = options.replay
      ? await replayPlan(handle.db, options.replay, options.asOf, onPage)
      : await livePlan(handle.db, http as HttpClient, options.asOf, onPage);
    const summary = await runSourcePoll({ db: handle.db, logger, clock: systemClock }, plan);
    if (!options.json) process.stderr.write('\n');
    const followUpsFailed = await runFollowUps(handle.db, logger, { now: () => plan.now });
    printLine(options.json ? JSON.stringify(summaryJson(summary)) : summaryLine(summary));
    return summary.outcome === 'failed' || followUpsFailed > 0 ? 1 : 0;
  } finally {
    await http?.close();
    await handle.close();
  }
}

type OnPage = (progress: PageProgress) => void;

/**
 * What a worker's relay would queue after the poll (the job_outbox rows its batches
 * recorded), run here and removed: the new and changed calls are matched for every tenant,
 * as of the same day the statuses were derived for. A row whose job fails stays for the
 * service to run; the count of those is returned.
 */
async function runFollowUps(db: Database, logger: Logger, asOf: Clock): Promise<number> {
  const matching = matchingProcessors({ ...createMatchingDeps(db, logger), clock: asOf });
  let failed = 0;
  const run = async (row: OutboxRow): Promise<'done' | 'keep'> => {
    // Only matching follows a poll; anything else is left for the service.
    if (row.queue !== 'matching') return 'keep';
    const job = row.job as keyof typeof matching;
    try {
      const payload = validatePayload('matching', job, row.payload);
      await (matching[job] as (payload: unknown, context: unknown) => Promise<unknown>)(payload, {
        attempt: 1,
        jobId: outboxJobId(row),
      });
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
  const day = asOf ?? localDateOf(snapshot.fetchedAt, BRUSSELS);
  const now = startOfLocalDay(day, BRUSSELS);
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
  db: Database,
  http: HttpClient,
  asOf: string | undefined,
  onPage: OnPage,
): Promise<PollPlan> {
  const [source] = await db.select().from(sources).where(eq(sources.id, FT_PORTAL_SOURCE_ID));
  if (!source) throw new Error('the ft-portal source is missing');
  return livePollPlan({ db, http, clock: systemClock }, source, asOf, onPage);
}

function summaryJson(summary: PollSummary) {
  return {
    source: summary.sourceId,
    runId: summary.runId,
    outcome: summary.outcome,
    pages: summary.pages,
    ...summary.counts,
    problems: summary.problems,
  };
}

function summaryLine(summary: PollSummary): string {
  const { counts } = summary;
  const line =
    `${summary.sourceId} run ${summary.runId}: ${summary.outcome} · ${counts.fetched} fetched in ${summary.pages} pages · ` +
    `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.closed} closed, ${counts.skipped} skipped`;
  return summary.problems.length ? `${line}\n  problems: ${summary.problems.join('; ')}` : line;
}
