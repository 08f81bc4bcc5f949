import { and, eq, ne } from 'drizzle-orm';
import {
  collectPoll,
  DEFAULT_FT_PORTAL_SETTINGS,
  type FtPortalSettings,
  fetchSearchPages,
  type PageProgress,
} from '../../scrapers/ft-portal/fetch.js';
import { openSnapshot, snapshotPages } from '../../scrapers/ft-portal/snapshot.js';
import type { HttpClient } from '../../scrapers/http/client.js';
import type { PollResult } from '../../scrapers/types.js';
import type { Database } from '../db/client.js';
import { calls, type sources } from '../db/schema/index.js';

type SourceRow = typeof sources.$inferSelect;

export function ftPortalSettings(source: SourceRow): FtPortalSettings {
  const settings = source.settings as Partial<FtPortalSettings>;
  return {
    ...DEFAULT_FT_PORTAL_SETTINGS,
    ...settings,
    searchUrl: source.baseUrl,
    topicDetailsUrl: typeof settings.topicDetailsUrl === 'string' ? settings.topicDetailsUrl : '',
  };
}

/** One live poll of the portal, filling thin records from topic details where needed. */
export async function collectFtPortal(
  deps: { db: Database; http: HttpClient },
  source: SourceRow,
  now: Date,
  onPage?: (progress: PageProgress) => void,
): Promise<PollResult> {
  const settings = ftPortalSettings(source);
  const described = await deps.db
    .select({ naturalKey: calls.naturalKey })
    .from(calls)
    .where(and(eq(calls.sourceId, source.id), ne(calls.descriptionHtml, '')));
  return collectPoll(fetchSearchPages(deps.http, settings), {
    now,
    onPage,
    details: settings.topicDetailsUrl
      ? {
          http: deps.http,
          baseUrl: settings.topicDetailsUrl,
          alreadyDescribed: new Set(described.map((row) => row.naturalKey)),
        }
      : undefined,
  });
}

/** A recorded daily snapshot, read from disk: no network, no topic details. */
export async function collectFtPortalSnapshot(
  folder: string,
  now: Date,
  onPage?: (progress: PageProgress) => void,
): Promise<PollResult> {
  const snapshot = await openSnapshot(folder);
  return collectPoll(snapshotPages(snapshot), { now, onPage });
}
