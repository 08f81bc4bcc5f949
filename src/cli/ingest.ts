import path from 'node:path';
import type { PageProgress } from '../../scrapers/ft-portal/fetch.js';
import type { IngestSummary } from '../control/commands/ingest-source.js';
import { printLine } from './output.js';
import { runCommand } from './run.js';

interface IngestOptions {
  sourceId: string;
  replay: string | undefined;
  asOf: string | undefined;
  json: boolean;
}

/** `ingest <source-id>`: one poll now, or one recorded folder; returns the exit code. */
export async function ingestCommand(options: IngestOptions): Promise<number> {
  const onPage = (progress: PageProgress) => {
    if (options.json) return;
    process.stderr.write(
      `\rpage ${progress.pageNumber}/${progress.pages} · ${progress.records} records`,
    );
  };
  // The folder as seen from here: the service that may run the replay has its own cwd.
  const replay = options.replay === undefined ? undefined : path.resolve(options.replay);
  const summary = await runCommand(
    'ingest source',
    { sourceId: options.sourceId, replay, asOf: options.asOf },
    (progress) => onPage(progress as PageProgress),
  );
  if (!options.json) process.stderr.write('\n');
  printLine(options.json ? JSON.stringify(summaryJson(summary)) : summaryLine(summary));
  return summary.outcome === 'failed' || summary.followUpsFailed > 0 ? 1 : 0;
}

function summaryJson(summary: IngestSummary) {
  return {
    source: summary.sourceId,
    runId: summary.runId,
    outcome: summary.outcome,
    pages: summary.pages,
    ...summary.counts,
    problems: summary.problems,
  };
}

function summaryLine(summary: IngestSummary): string {
  const { counts } = summary;
  const line =
    `${summary.sourceId} run ${summary.runId}: ${summary.outcome} · ${counts.fetched} fetched in ${summary.pages} pages · ` +
    `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.closed} closed, ${counts.skipped} skipped`;
  return summary.problems.length ? `${line}\n  problems: ${summary.problems.join('; ')}` : line;
}
