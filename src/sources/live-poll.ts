import type { PageProgress } from '../../scrapers/ft-portal/fetch.js';
import type { HttpClient } from '../../scrapers/http/client.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import type { sources } from '../db/schema/index.js';
import type { PollPlan } from '../ingest/run-poll.js';
import { sourceCalendars } from './calendars.js';
import { collectFtPortal } from './ft-portal.js';

/**
 * One live poll of a source, as the worker and the CLI run it: statuses as of `asOf`
 * (the start of that day where the source states its dates) or the clock's now, records
 * collected by the source's kind.
 */
export function livePollPlan(
  deps: { db: Database; http: HttpClient; clock: Clock },
  source: typeof sources.$inferSelect,
  asOf: string | undefined,
  onPage?: (progress: PageProgress) => void,
): PollPlan {
  const calendar = sourceCalendars[source.kind];
  const now = asOf ? calendar.startOfDay(asOf) : deps.clock.now();
  return {
    sourceId: source.id,
    asOf: asOf ?? calendar.dayOf(now),
    now,
    collect: () => {
      switch (source.kind) {
        case 'ft-portal':
          return collectFtPortal(deps, source, now, onPage);
      }
    },
  };
}
