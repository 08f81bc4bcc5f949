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

/** Every enabled source polled on its own schedule, the status sweep and the nightly re-match. */
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
  return [...polls, ADVANCE_STATUSES, NIGHTLY_REMATCH];
}
