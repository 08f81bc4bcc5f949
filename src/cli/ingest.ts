import { eq } from 'drizzle-orm';
import { localDateOf, startOfLocalDay } from '../../scrapers/dates.js';
import type { PageProgress } from '../../scrapers/ft-portal/fetch.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { openSnapshot } from '../../scrapers/ft-portal/snapshot.js';
import { HttpClient } from '../../scrapers/http/client.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migratePglite, migratePostgres } from '../db/migrate.js';
import { sources } from '../db/schema/index.js';
import { type PollSummary, runSourcePoll } from '../ingest/run-poll.js';
import { createLogger } from '../logger.js';
import { ensureBuiltInSources, FT_PORTAL_SOURCE_ID } from '../sources/built-in.js';
import { collectFtPortal, collectFtPortalSnapshot } from '../sources/ft-portal.js';

export interface IngestOptions {
  replay: string | undefined;
  asOf: string | undefined;
  json: boolean;
}

/** `ingest ft-portal`: one poll now, or one recorded snapshot; returns the exit code. */
export async function ingestCommand(options: IngestOptions): Promise<number> {
  // The CLI talks to people on stdout/stderr; the service logger only reports warnings.
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const logger = createLogger(config);
  if (config.databaseUrl) await migratePostgres(config.databaseUrl);
  const handle = await openDatabase(config);
  const http = new HttpClient(config.http);
  try {
    if (handle.driver === 'pglite') await migratePglite(handle);
    await ensureBuiltInSources(handle.db, config);
    const onPage = (progress: PageProgress) => {
      if (!options.json)
        process.stderr.write(
          `\rpage ${progress.pageNumber}/${progress.pages} · ${progress.records} records`,
        );
    };
    let plan: Parameters<typeof runSourcePoll>[1];
    if (options.replay) {
      const snapshot = await openSnapshot(options.replay);
      const asOf = options.asOf ?? localDateOf(snapshot.fetchedAt, BRUSSELS);
      const now = startOfLocalDay(asOf, BRUSSELS);
      plan = {
        sourceId: FT_PORTAL_SOURCE_ID,
        asOf,
        now,
        seenAt: snapshot.fetchedAt,
        collect: () => collectFtPortalSnapshot(options.replay as string, now, onPage),
      };
    } else {
      const now = options.asOf ? startOfLocalDay(options.asOf, BRUSSELS) : new Date();
      const [source] = await handle.db
        .select()
        .from(sources)
        .where(eq(sources.id, FT_PORTAL_SOURCE_ID));
      if (!source) throw new Error('the ft-portal source is missing');
      plan = {
        sourceId: FT_PORTAL_SOURCE_ID,
        asOf: options.asOf ?? localDateOf(now, BRUSSELS),
        now,
        collect: () => collectFtPortal({ db: handle.db, http }, source, now, onPage),
      };
    }
    const summary = await runSourcePoll({ db: handle.db, logger }, plan);
    if (!options.json) process.stderr.write('\n');
    console.log(options.json ? JSON.stringify(summaryJson(summary)) : summaryLine(summary));
    return summary.outcome === 'failed' ? 1 : 0;
  } finally {
    await http.close();
    await handle.close();
  }
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
