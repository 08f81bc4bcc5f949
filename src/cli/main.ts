import { parseArgs } from 'node:util';
import { systemClock } from '../clock.js';
import { ingestCommand } from './ingest.js';
import { printLine } from './output.js';
import { importTenantCommand } from './tenants.js';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  tenants import <file> [--slug name]    create or update a tenant from a JSON/YAML profile,
                                         then match it against the open calls
  ingest ft-portal                       poll the EU Funding & Tenders Portal once, now
  ingest ft-portal --replay <folder>     ingest a recorded daily snapshot (no network)
      --as-of YYYY-MM-DD                 the day statuses are derived for
                                         (default: today, or the snapshot's fetch date)
      --json                             print the summary as one JSON line

Uses DATABASE_URL when set, otherwise the embedded database under DATA_DIR (.data).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    replay: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean', default: false },
    slug: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const [command, target] = positionals;
if (values.help || !command) {
  printLine(USAGE);
  process.exit(values.help ? 0 : 2);
}
if (command === 'tenants' && target === 'import') {
  const file = positionals[2];
  if (!file) {
    console.error(`tenants import needs a profile file.\n\n${USAGE}`);
    process.exit(2);
  }
  try {
    process.exit(await importTenantCommand(file, values.slug, values.json, systemClock));
  } catch (error) {
    console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
if (command !== 'ingest' || target !== 'ft-portal') {
  console.error(`Unknown command "${positionals.join(' ')}".\n\n${USAGE}`);
  process.exit(2);
}
const asOf = values['as-of'];
if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
  console.error(`--as-of must be a date like 2026-06-27, got "${asOf}"`);
  process.exit(2);
}
try {
  const exitCode = await ingestCommand(
    { replay: values.replay, asOf, json: values.json },
    systemClock,
  );
  process.exit(exitCode);
} catch (error) {
  console.error(`ingest failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
