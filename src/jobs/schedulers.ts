import type { Database } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import type { SchedulerDefinition } from './contract.js';

/** The nightly full re-match also trims areas that incremental runs let grow. */
const NIGHTLY_REMATCH: SchedulerDefinition = {
  id: 'rematch-all',
  queue: 'matching',
  job: 'rematch-all',
  pattern: '30 2 * * *',
  payload: {},
};

/**
 * Time passes between polls: every few minutes stored statuses catch up with the clock, so
 * digests and workers see closed calls closed even when no one reads the API.
 */
const ADVANCE_STATUSES: SchedulerDefinition = {
  id: 'advance-statuses',
  queue: 'sources',
  job: 'advance-statuses',
  pattern: '*/5 * * * *',
  payload: {},
};

/**
 * Digests fall due at each tenant's own weekday and hour in its own zone: a check every five
 * minutes plans them within five minutes of that (the run's unique key makes the checks that
 * find nothing new cheap and harmless, however many workers run them).
 */
const PLAN_DIGESTS: SchedulerDefinition = {
  id: 'plan-digests',
  queue: 'digests',
  job: 'plan-digests',
  pattern: '*/5 * * * *',
  payload: {},
};

/**
 * A send-digest job lost with its worker (or its Redis) leaves a run unfinished; every ten
 * minutes those are queued again. Longer than a run normally takes, so a run still being
 * sent is not doubled often (and a double only finds nothing pending).
 */
const RECOVER_DIGESTS: SchedulerDefinition = {
  id: 'recover-digests',
  queue: 'digests',
  job: 'recover-digests',
  pattern: '*/10 * * * *',
  payload: {},
};

/** Every enabled source polled on its own schedule, the status sweep, the nightly re-match and the digest checks. */
export async function declaredSchedulers(db: Database): Promise<SchedulerDefinition[]> {
  const rows = await db.select().from(sources).orderBy(sources.id);
  const polls = rows
    .filter((source) => source.enabled)
    .map(
      (source): SchedulerDefinition => ({
        id: `poll-source:${source.id}`,
        queue: 'sources',
        job: 'poll-source',
        pattern: source.schedule,
        payload: { sourceId: source.id, trigger: 'schedule' },
      }),
    );
  return [...polls, ADVANCE_STATUSES, NIGHTLY_REMATCH, PLAN_DIGESTS, RECOVER_DIGESTS];
}
