import { readFile } from 'node:fs/promises';
import { printLine } from './output.js';
import { runCommand } from './run.js';
import { UsageError } from './usage.js';

interface SourceAddOptions {
  kind: string | undefined;
  name: string | undefined;
  baseUrl: string | undefined;
  schedule: string | undefined;
  settings: string | undefined;
  settingsFile: string | undefined;
  disabled: boolean;
  id: string | undefined;
  json: boolean;
}

/** `sources add`: the test fetch's findings on stderr, the new source's id on stdout. */
export async function addSourceCommand(options: SourceAddOptions): Promise<number> {
  const { kind, name, baseUrl } = options;
  if (!kind || !name || !baseUrl)
    throw new UsageError('sources add needs --kind, --name and --base-url');
  const settings = await settingsOf(options);
  const added = await runCommand(
    'sources add',
    {
      kind,
      name,
      baseUrl,
      ...(options.schedule ? { schedule: options.schedule } : {}),
      ...(settings ? { settings } : {}),
      ...(options.disabled ? { enabled: false } : {}),
      ...(options.id ? { id: options.id } : {}),
    },
    () => {},
  );
  if (options.json) {
    printLine(JSON.stringify(added));
    return 0;
  }
  const { testFetch } = added;
  process.stderr.write(
    `test fetch: ${testFetch.calls} calls, ${testFetch.withDeadline} with a deadline\n`,
  );
  for (const call of testFetch.sample)
    process.stderr.write(`  ${call.deadline?.slice(0, 10) ?? 'no deadline'}  ${call.title}\n`);
  for (const warning of testFetch.warnings) process.stderr.write(`  warning: ${warning}\n`);
  process.stderr.write(
    `source ${added.id} (${added.kind}) saved, ${added.enabled ? `polled now and on "${added.schedule}"` : 'disabled'}\n`,
  );
  printLine(added.id);
  return 0;
}

async function settingsOf(options: SourceAddOptions): Promise<Record<string, unknown> | undefined> {
  if (options.settings && options.settingsFile)
    throw new UsageError('give --settings or --settings-file, not both');
  const text = options.settingsFile
    ? await readFile(options.settingsFile, 'utf8')
    : options.settings;
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--settings must be a JSON object: ${error instanceof Error ? error.message : error}`,
      false,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError('--settings must be a JSON object', false);
  return parsed as Record<string, unknown>;
}

/** `sources list`: one line per source for people, or the stored fields as JSON. */
export async function listSourcesCommand(json: boolean): Promise<number> {
  const listed = await runCommand('sources list', {}, () => {});
  if (json) {
    printLine(JSON.stringify(listed));
    return 0;
  }
  for (const source of listed) {
    const state = source.enabled ? source.health : 'disabled';
    const lastGood = source.lastGoodPollAt ? `last good ${source.lastGoodPollAt}` : 'never polled';
    printLine(`${source.id.padEnd(28)} ${source.kind.padEnd(16)} ${state.padEnd(9)} ${lastGood}`);
    if (source.healthReason) printLine(`${''.padEnd(28)} ${source.healthReason}`);
  }
  return 0;
}
