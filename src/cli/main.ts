import { parseArgs } from 'node:util';
import { digestPreviewCommand, digestRunCommand } from './digest.js';
import { ingestCommand } from './ingest.js';
import { createKeyCommand, listKeysCommand, revokeKeyCommand } from './keys.js';
import { printLine } from './output.js';
import { importPartnersCommand, searchPartnersCliCommand } from './partners.js';
import { addSourceCommand, listSourcesCommand } from './sources.js';
import { importTenantCommand } from './tenants.js';
import { USAGE, UsageError } from './usage.js';

const options = {
  replay: { type: 'string' },
  'as-of': { type: 'string' },
  json: { type: 'boolean', default: false },
  slug: { type: 'string' },
  role: { type: 'string' },
  tenant: { type: 'string' },
  name: { type: 'string' },
  department: { type: 'string' },
  recipient: { type: 'string' },
  html: { type: 'boolean', default: false },
  kind: { type: 'string' },
  format: { type: 'string' },
  countries: { type: 'string' },
  types: { type: 'string' },
  programmes: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  limit: { type: 'string' },
  'base-url': { type: 'string' },
  schedule: { type: 'string' },
  settings: { type: 'string' },
  'settings-file': { type: 'string' },
  disabled: { type: 'boolean', default: false },
  id: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>['values'];

interface CliCommand {
  /** How a failure starts on stderr ("import failed: …"). */
  failure: string;
  /** Runs the command; returns the exit code. Throws UsageError for a bad command line. */
  run(values: Values, operands: string[]): Promise<number>;
}

/** --as-of, checked: a day like 2026-06-27. */
function asOfOf(values: Values): string | undefined {
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    throw new UsageError(`--as-of must be a date like 2026-06-27, got "${asOf}"`, false);
  }
  return asOf;
}

/** Every command, by its two words. */
const commands: Record<string, CliCommand> = {
  'tenants import': {
    failure: 'import failed',
    run: (values, [file]) => {
      if (!file) throw new UsageError('tenants import needs a profile file.');
      return importTenantCommand(file, values.slug, values.json);
    },
  },
  'ingest *': {
    failure: 'ingest failed',
    run: (values, [sourceId]) => {
      if (!sourceId) throw new UsageError('ingest needs a source id (ft-portal, euro-access…).');
      return ingestCommand({
        sourceId,
        replay: values.replay,
        asOf: asOfOf(values),
        json: values.json,
      });
    },
  },
  'digest preview': {
    failure: 'digest preview failed',
    run: (values) =>
      digestPreviewCommand({
        tenant: values.tenant,
        department: values.department,
        recipient: values.recipient,
        asOf: asOfOf(values),
        html: values.html,
        json: values.json,
      }),
  },
  'digest run': {
    failure: 'digest run failed',
    run: (values) =>
      digestRunCommand({ tenant: values.tenant, asOf: asOfOf(values), json: values.json }),
  },
  'keys create': {
    failure: 'keys create failed',
    run: (values) =>
      createKeyCommand({
        role: values.role,
        tenant: values.tenant,
        name: values.name,
        json: values.json,
      }),
  },
  'sources add': {
    failure: 'sources add failed',
    run: (values) =>
      addSourceCommand({
        kind: values.kind,
        name: values.name,
        baseUrl: values['base-url'],
        schedule: values.schedule,
        settings: values.settings,
        settingsFile: values['settings-file'],
        disabled: values.disabled,
        id: values.id,
        json: values.json,
      }),
  },
  'partners import': {
    failure: 'partners import failed',
    run: (values, files) =>
      importPartnersCommand({ format: values.format, files, json: values.json }),
  },
  'partners search': {
    failure: 'partners search failed',
    run: (values, words) =>
      searchPartnersCliCommand({
        words,
        countries: values.countries,
        types: values.types,
        programmes: values.programmes,
        from: values.from,
        to: values.to,
        limit: values.limit,
        json: values.json,
      }),
  },
  'sources list': {
    failure: 'sources list failed',
    run: (values) => listSourcesCommand(values.json),
  },
  'keys list': { failure: 'keys list failed', run: (values) => listKeysCommand(values.json) },
  'keys revoke': {
    failure: 'keys revoke failed',
    run: (values, [id]) => revokeKeyCommand(id, values.json),
  },
};

function usageFailure(message: string, showUsage = true): number {
  process.stderr.write(`${showUsage ? `${message}\n\n${USAGE}` : message}\n`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    return usageFailure(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [group, action, ...operands] = positionals;
  if (values.help || !group) {
    printLine(USAGE);
    return values.help ? 0 : 2;
  }
  // `ingest <source-id>`: the second word is an operand, not a command name.
  const name = group === 'ingest' ? 'ingest *' : `${group} ${action ?? ''}`;
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) return usageFailure(`Unknown command "${positionals.join(' ')}".`);
  try {
    return await command.run(values, group === 'ingest' ? positionals.slice(1) : operands);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message, error.showUsage);
    process.stderr.write(
      `${command.failure}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

process.exit(await main(process.argv.slice(2)));
