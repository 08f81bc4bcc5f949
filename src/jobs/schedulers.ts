import type { Database } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import type { SchedulerDefinition } from './contract.js';

/** Every enabled source is polled on its own schedule; nothing else is scheduled yet. */
export async function declaredSchedulers(db: Database): Promise<SchedulerDefinition[]> {
  const rows = await db.select().from(sources).orderBy(sources.id);
  return rows
    .filter((source) => source.enabled)
    .map((source) => ({
      id: `poll-source:${source.id}`,
      queue: 'sources' as const,
      job: 'poll-source' as const,
      pattern: source.schedule,
      payload: { sourceId: source.id, trigger: 'schedule' as const },
    }));
}
