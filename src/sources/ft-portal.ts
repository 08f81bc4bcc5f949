import { and, eq, isNotNull } from 'drizzle-orm';
import {
  collectPoll,
  DEFAULT_FT_PORTAL_SETTINGS,
  type FtPortalSettings,
  fetchSearchPages,
  type PageProgress,
} from '../../scrapers/ft-portal/fetch.js';
import { openSnapshot, snapshotPages } from '../../scrapers/ft-portal/snapshot.js';
import type { HttpClient } from '../../scrapers/http/client.js';
import type { CallSupplement, PollResult } from '../../scrapers/types.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { calls, type sources } from '../db/schema/index.js';

type SourceRow = typeof sources.$inferSelect;

function ftPortalSettings(source: SourceRow): FtPortalSettings {
  const settings = source.settings as Partial<FtPortalSettings>;
  return {
    ...DEFAULT_FT_PORTAL_SETTINGS,
    ...settings,
    searchUrl: source.baseUrl,
    topicDetailsUrl: typeof settings.topicDetailsUrl === 'string' ? settings.topicDetailsUrl : '',
  };
}

/** What topic-details pages gave the source's thin calls before, by natural key. */
export async function knownSupplements(
  db: Database,
  sourceId: string,
): Promise<Map<string, CallSupplement>> {
  const rows = await db
    .select({ naturalKey: calls.naturalKey, supplement: calls.supplement })
    .from(calls)
    .where(and(eq(calls.sourceId, sourceId), isNotNull(calls.supplement)));
  return new Map(rows.flatMap((row) => (row.supplement ? [[row.naturalKey, row.supplement]] : [])));
}

/** One live poll of the portal, filling thin records from topic details where needed. */
export async function collectFtPortal(
  deps: { db: Database; http: HttpClient; clock: Clock },
  source: SourceRow,
  now: Date,
  onPage?: (progress: PageProgress) => void,
): Promise<PollResult> {
  const settings = ftPortalSettings(source);
  const known = await knownSupplements(deps.db, source.id);
  return collectPoll(fetchSearchPages(deps.http, settings), {
    now,
    onPage,
    details: {
      known,
      fetch: settings.topicDetailsUrl
        ? { http: deps.http, baseUrl: settings.topicDetailsUrl, clock: deps.clock }
        : undefined,
    },
  });
}

/**
 * A recorded daily snapshot, read from disk: no network. Thin records get back what their
 * topic details gave in earlier polls (`known`, see knownSupplements), nothing new.
 */
export async function collectFtPortalSnapshot(
  folder: string,
  now: Date,
  onPage?: (progress: PageProgress) => void,
  known: ReadonlyMap<string, CallSupplement> = new Map(),
): Promise<PollResult> {
  const snapshot = await openSnapshot(folder);
  return collectPoll(snapshotPages(snapshot), { now, onPage, details: { known } });
}
