import path from 'node:path';
import { partnerImporters } from '../partners/importers/index.js';
import { printLine } from './output.js';
import { runCommand } from './run.js';
import { UsageError } from './usage.js';

/**
 * `partners import --format <format> FILE…`: a progress line on a terminal, then one summary
 * line (JSON with --json); exit 0 when every file was read.
 */
export async function importPartnersCommand(options: {
  format: string | undefined;
  files: string[];
  json: boolean;
}): Promise<number> {
  const formats = Object.keys(partnerImporters).join(' | ');
  if (!options.format) throw new UsageError(`partners import needs --format <${formats}>`);
  if (options.files.length === 0) throw new UsageError('partners import needs one or more files');
  const interactive = process.stderr.isTTY && !options.json;
  const started = Date.now();
  const summary = await runCommand(
    'partners import',
    // The files as seen from here: the service that may run the import has its own cwd.
    { format: options.format, files: options.files.map((file) => path.resolve(file)) },
    (progress) => {
      if (!interactive) return;
      const { rows } = progress as { rows: number };
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      process.stderr.write(
        `\r${rows.toLocaleString('en')} rows · ${Math.round(rows / seconds)} rows/s`,
      );
    },
  );
  if (interactive) process.stderr.write('\n');
  printLine(
    options.json
      ? JSON.stringify(summary)
      : `${summary.format}: ${summary.rows} rows from ${summary.files} file(s) · ` +
          `${summary.organisationsNew} new organisations, ${summary.organisationsMerged} merged into known ones, ` +
          `${summary.projectsNew} new projects, ${summary.participationsNew} new participations, ` +
          `${summary.linksNew} new twin-town links, ${summary.requestsNew} new partner requests, ${summary.skipped} rows skipped`,
  );
  return 0;
}
