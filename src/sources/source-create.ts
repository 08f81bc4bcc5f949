import { like } from 'drizzle-orm';
import type { HttpClient } from '../../scrapers/http/client.js';
import { BlockedAddressError, HttpRequestError } from '../../scrapers/http/errors.js';
import { PollFetcher } from '../../scrapers/http/page-fetcher.js';
import { SettingError } from '../../scrapers/source-kind.js';
import type { NormalisedCall } from '../../scrapers/types.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { Conflict, InvalidInput } from '../errors.js';
import { recordFollowUp } from '../jobs/outbox.js';
import { type GenericSourceKind, sourceKindDefinitions } from './kinds.js';
import { checkSchedule } from './source-admin.js';

type SourceRow = typeof sources.$inferSelect;

export interface NewSource {
  kind: string;
  name: string;
  baseUrl: string;
  schedule?: string;
  settings?: Record<string, unknown>;
  /** Default true: the first poll is queued at once. */
  enabled?: boolean;
  /** Default: made from the name ("Interreg Aurora calls" → interreg-aurora-calls). */
  id?: string;
}

/** What the test fetch found: enough for the admin to see that the settings read the page. */
export interface TestFetch {
  calls: number;
  withDeadline: number;
  warnings: string[];
  sample: Array<{ title: string; url: string; deadline: string | null }>;
}

/** Daily at 05:17 UTC: the sources change slowly, and off the hour is kinder to their hosts. */
export const DEFAULT_SCHEDULE = '17 5 * * *';
const SAMPLE_SIZE = 5;

/**
 * Adds a source an admin configured, after a test fetch of its page with the settings
 * given: settings that read nothing (a selector matching no element, dates that never
 * parse) are refused naming the setting, and so is a URL that cannot be fetched or points
 * at an internal address. The source is saved with a re-read of the job schedulers and,
 * when enabled, its first poll, in one transaction.
 */
export async function addSource(
  deps: { db: Database; clock: Clock; http: HttpClient },
  input: NewSource,
): Promise<{ source: SourceRow; testFetch: TestFetch }> {
  const kind = kindOf(input.kind);
  const definition = sourceKindDefinitions[kind];
  const name = input.name.trim();
  if (name === '') throw new InvalidInput('name: must not be empty');
  const baseUrl = checkBaseUrl(input.baseUrl);
  const now = deps.clock.now();
  const schedule = checkSchedule(input.schedule ?? DEFAULT_SCHEDULE, now);
  const rawSettings = input.settings ?? {};
  const settings = withSettingName(() => definition.parseSettings(rawSettings));
  const testFetch = await testFetchOf(baseUrl, () =>
    definition.collect({
      fetcher: new PollFetcher(deps.http, new Map(), { publicAddressesOnly: true }),
      baseUrl,
      settings,
      now,
      strict: true,
    }),
  );
  const enabled = input.enabled ?? true;
  const source = await deps.db.transaction(async (tx) => {
    const id = input.id ?? (await freeIdFor(tx as unknown as Database, name));
    const [inserted] = await tx
      .insert(sources)
      .values({
        id,
        kind,
        name,
        baseUrl,
        schedule,
        settings: rawSettings,
        enabled,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw new Conflict(`id: a source "${id}" exists already`);
    await recordFollowUp(tx, 'sources', 'reconcile-schedulers', {}, now);
    if (enabled)
      await recordFollowUp(tx, 'sources', 'poll-source', { sourceId: id, trigger: 'manual' }, now);
    return inserted;
  });
  return { source, testFetch };
}

function kindOf(kind: string): GenericSourceKind {
  if (Object.hasOwn(sourceKindDefinitions, kind)) return kind as GenericSourceKind;
  const kinds = Object.keys(sourceKindDefinitions).join(', ');
  if (kind === 'ft-portal')
    throw new InvalidInput(`kind: the EU portal is built in; a new source is one of ${kinds}`);
  throw new InvalidInput(`kind: "${kind}" is not a kind of source; use one of ${kinds}`);
}

function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidInput(`baseUrl: "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidInput('baseUrl: must be an http or https URL');
  if (url.username || url.password)
    throw new InvalidInput('baseUrl: must not carry a user name or password');
  return url.toString();
}

/** A kind's SettingError as the API's 400: `settings.item: matched nothing on …`. */
function withSettingName<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SettingError) throw new InvalidInput(settingMessage(error));
    throw error;
  }
}

function settingMessage(error: SettingError): string {
  return error.setting === 'baseUrl' ? error.message : `settings.${error.message}`;
}

async function testFetchOf(
  baseUrl: string,
  collect: () => Promise<{ records: NormalisedCall[]; warnings: string[] }>,
): Promise<TestFetch> {
  let result: { records: NormalisedCall[]; warnings: string[] };
  try {
    result = await collect();
  } catch (error) {
    if (error instanceof SettingError) throw new InvalidInput(settingMessage(error));
    if (error instanceof BlockedAddressError)
      throw new InvalidInput(`baseUrl: ${error.message} (SOURCE_HOST_ALLOWLIST can allow it)`);
    if (error instanceof HttpRequestError)
      throw new InvalidInput(`baseUrl: the test fetch failed: ${error.message}`);
    if (error instanceof Error && error.name === 'RobotsDisallowedError')
      throw new InvalidInput(`baseUrl: ${error.message}`);
    throw error;
  }
  if (result.records.length === 0)
    throw new InvalidInput(`baseUrl: the test fetch of ${baseUrl} found no calls`);
  return {
    calls: result.records.length,
    withDeadline: result.records.filter((record) => record.deadlines.length > 0).length,
    warnings: result.warnings,
    sample: result.records.slice(0, SAMPLE_SIZE).map((record) => ({
      title: record.title,
      url: record.sourceUrl,
      deadline: record.deadlines[0]?.deadlineAt.toISOString() ?? null,
    })),
  };
}

/** The name as an id (lower-case ASCII words joined by '-'), with -2, -3… when taken. */
async function freeIdFor(db: Database, name: string): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/ø/g, 'o')
      .replace(/æ/g, 'ae')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'source';
  const taken = new Set(
    (
      await db
        .select({ id: sources.id })
        .from(sources)
        .where(like(sources.id, `${base}%`))
    ).map((row) => row.id),
  );
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1)
    if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}
