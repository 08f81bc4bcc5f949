import { localDateOf, startOfLocalDay } from '../../scrapers/dates.js';
import type { PageProgress } from '../../scrapers/ft-portal/fetch.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import type { HttpClient } from '../../scrapers/http/client.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import type { sources } from '../db/schema/index.js';
import type { PollPlan } from '../ingest/run-poll.js';
import { collectFtPortal } from './ft-portal.js';

/**
 * One live poll of a source, as the worker and the CLI run it: statuses as of `asOf`
 * (start of that day in Brussels) or now, records collected by the source's kind.
 */
export function livePollPlan(
  deps: { db: Database; http: HttpClient; clock: Clock },
  source: typeof sources.$inferSelect,
  asOf: string | undefined,
  onPage?: (progress: PageProgress) => void,
): PollPlan {
  const now = asOf ? startOfLocalDay(asOf, BRUSSELS) : deps.clock.now();
  return {
    sourceId: source.id,
    asOf: asOf ?? localDateOf(now, BRUSSELS),
    now,
    collect: () => {
      switch (source.kind) {
        case 'ft-portal':
          return collectFtPortal(deps, source, now, onPage);
      }
    },
  };
}
