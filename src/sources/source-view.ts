import { desc, eq } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { Database } from '../db/client.js';
import { sourceRuns, type sources } from '../db/schema/index.js';
import type { Source } from './schemas.js';

/** A source as the API shows it, with its latest run. */
export async function sourceView(
  db: Database,
  source: typeof sources.$inferSelect,
): Promise<Static<typeof Source>> {
  const [run] = await db
    .select()
    .from(sourceRuns)
    .where(eq(sourceRuns.sourceId, source.id))
    .orderBy(desc(sourceRuns.startedAt), desc(sourceRuns.id))
    .limit(1);
  return {
    id: source.id,
    kind: source.kind,
    name: source.name,
    baseUrl: source.baseUrl,
    schedule: source.schedule,
    enabled: source.enabled,
    health: source.health,
    healthReason: source.healthReason,
    lastGoodPollAt: source.lastGoodPollAt?.toISOString() ?? null,
    consecutiveFailures: source.consecutiveFailures,
    pausedUntil: source.pausedUntil?.toISOString() ?? null,
    lastRun: run
      ? {
          id: run.id,
          asOf: run.asOf,
          outcome: run.outcome,
          startedAt: run.startedAt.toISOString(),
          finishedAt: run.finishedAt?.toISOString() ?? null,
          pages: run.pages,
          counts: run.counts,
          problems: run.problems,
        }
      : null,
  };
}
