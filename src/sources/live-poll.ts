import type { PageProgress } from '../../scrapers/ft-portal/fetch.js';
import type { HttpClient } from '../../scrapers/http/client.js';
import { PollFetcher } from '../../scrapers/http/page-fetcher.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import type { sources } from '../db/schema/index.js';
import type { PollPlan } from '../ingest/run-poll.js';
import { loadStoredPages } from '../ingest/source-pages.js';
import { sourceCalendars } from './calendars.js';
import { collectFtPortal } from './ft-portal.js';
import { sourceKindDefinitions } from './kinds.js';

export interface LivePollDeps {
  db: Database;
  http: HttpClient;
  clock: Clock;
}

/**
 * One live poll of a source, as the worker and the CLI run it: statuses as of `asOf`
 * (the start of that day where the source states its dates) or the clock's now, records
 * collected by the source's kind.
 */
export function livePollPlan(
  deps: LivePollDeps,
  source: typeof sources.$inferSelect,
  asOf: string | undefined,
  onPage?: (progress: PageProgress) => void,
): PollPlan {
  const calendar = sourceCalendars[source.kind];
  const now = asOf ? calendar.startOfDay(asOf) : deps.clock.now();
  const plan = { sourceId: source.id, asOf: asOf ?? calendar.dayOf(now), now };
  if (source.kind === 'ft-portal')
    return { ...plan, collect: () => collectFtPortal(deps, source, now, onPage) };
  const definition = sourceKindDefinitions[source.kind];
  let fetcher: PollFetcher | undefined;
  return {
    ...plan,
    collect: async () => {
      // Every source but the portal (whose URL is the installation's configuration) can be
      // added or pointed elsewhere by an admin: the SSRF guard checks each of its requests.
      fetcher = new PollFetcher(deps.http, await loadStoredPages(deps.db, source.id), {
        publicAddressesOnly: true,
      });
      const result = await definition.collect({
        fetcher,
        baseUrl: source.baseUrl,
        settings: definition.parseSettings(source.settings),
        now,
      });
      const warnings = [...result.warnings, ...fetcher.warnings()];
      return fetcher.allNotModified()
        ? { ...result, warnings, notModified: true }
        : { ...result, warnings };
    },
    pagesToStore: () => fetcher?.pagesToStore() ?? new Map(),
  };
}
