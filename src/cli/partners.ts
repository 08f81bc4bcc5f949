import path from 'node:path';
import { organisationTypes, programmeFamilies } from '../db/schema/index.js';
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

/** `partners search <text>`: a table of organisations and their best project, or JSON. */
export async function searchPartnersCliCommand(options: {
  words: string[];
  countries: string | undefined;
  types: string | undefined;
  programmes: string | undefined;
  from: string | undefined;
  to: string | undefined;
  limit: string | undefined;
  json: boolean;
}): Promise<number> {
  const q = options.words.join(' ').trim();
  if (!q) throw new UsageError('partners search needs what the partners should have worked on');
  const list = (value: string | undefined) =>
    value
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const year = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d{4}$/.test(value)) throw new UsageError(`--${name} must be a year like 2021`, false);
    return Number(value);
  };
  const checked = (name: string, values: string[] | undefined, allowed: readonly string[]) => {
    const wrong = values?.find((value) => !allowed.includes(value));
    if (wrong)
      throw new UsageError(`--${name}: "${wrong}" is not one of ${allowed.join(', ')}`, false);
    return values;
  };
  checked('types', list(options.types), organisationTypes);
  checked('programmes', list(options.programmes), programmeFamilies);
  const limit = options.limit === undefined ? 20 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new UsageError('--limit must be 1 to 100', false);
  const hits = await runCommand(
    'partners search',
    {
      q,
      ...(list(options.countries)
        ? { countries: list(options.countries)?.map((c) => c.toUpperCase()) }
        : {}),
      ...(list(options.types) ? { types: list(options.types) } : {}),
      ...(list(options.programmes) ? { families: list(options.programmes) } : {}),
      ...(year('from', options.from) !== undefined ? { from: year('from', options.from) } : {}),
      ...(year('to', options.to) !== undefined ? { to: year('to', options.to) } : {}),
      limit,
    } as never,
    () => {},
  );
  if (options.json) {
    printLine(JSON.stringify(hits));
    return 0;
  }
  if (hits.length === 0) printLine(`no organisation has done projects on "${q}"`);
  for (const hit of hits) {
    const best = hit.evidence[0];
    const place = [hit.city, hit.country].filter(Boolean).join(', ');
    printLine(`${hit.score.toFixed(2).padStart(6)}  ${hit.name} (${place || '?'}, ${hit.type})`);
    if (best)
      printLine(
        `        ${best.acronym ?? ''} ${best.title} · ${best.programme ?? ''} ${best.years.filter(Boolean).join('–')} · ${best.role}`,
      );
  }
  return 0;
}
