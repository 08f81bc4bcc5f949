import { eq } from 'drizzle-orm';
import { localDateOf, startOfLocalDay } from '../../scrapers/dates.js';
import type { PageProgress } from '../../scrapers/ft-portal/fetch.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { openSnapshot } from '../../scrapers/ft-portal/snapshot.js';
import { HttpClient } from '../../scrapers/http/client.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { type PollPlan, type PollSummary, runSourcePoll } from '../ingest/run-poll.js';
import { createMatchingDeps, rematchCalls } from '../matching/service.js';
import { ensureBuiltInSources, FT_PORTAL_SOURCE_ID } from '../sources/built-in.js';
import { collectFtPortalSnapshot } from '../sources/ft-portal.js';
import { livePollPlan } from '../sources/live-poll.js';
import { openCliContext } from './database.js';
import { printLine } from './output.js';

export interface IngestOptions {
  replay: string | undefined;
  asOf: string | undefined;
  json: boolean;
}

/** `ingest ft-portal`: one poll now, or one recorded snapshot; returns the exit code. */
export async function ingestCommand(options: IngestOptions, clock: Clock): Promise<number> {
  const { config, logger, handle } = await openCliContext();
  // A replay reads files only: no HTTP client, so no socket can be opened by mistake.
  const http = options.replay ? null : new HttpClient(config.http);
  try {
    await ensureBuiltInSources(handle.db, config, clock);
    const onPage = (progress: PageProgress) => {
      if (options.json) return;
      process.stderr.write(
        `\rpage ${progress.pageNumber}/${progress.pages} · ${progress.records} records`,
      );
    };
    const plan = options.replay
      ? await replayPlan(options.replay, options.asOf, onPage)
      : await livePlan({ db: handle.db, http: http as HttpClient, clock }, options.asOf, onPage);
    const summary = await runSourcePoll({ db: handle.db, logger }, plan);
    if (!options.json) process.stderr.write('\n');
    // What a worker would queue after the poll, done here: the new and changed calls are
    // matched for every tenant, as of the same day the statuses were derived for.
    if (summary.touchedCallIds.length > 0) {
      const deps = createMatchingDeps(handle.db, logger);
      await rematchCalls(deps, { callIds: summary.touchedCallIds, now: plan.now });
    }
    printLine(options.json ? JSON.stringify(summaryJson(summary)) : summaryLine(summary));
    return summary.outcome === 'failed' ? 1 : 0;
  } finally {
    await http?.close();
    await handle.close();
  }
}

type OnPage = (progress: PageProgress) => void;

/** Statuses as of the snapshot's fetch day (or --as-of); records seen when it was fetched. */
async function replayPlan(
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
    collect: () => collectFtPortalSnapshot(folder, now, onPage),
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
