import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { readySources } from './ready-sources.js';

export const FT_PORTAL_SOURCE_ID = 'ft-portal';

/**
 * Sources that ship with callradar. The portal's URLs and schedule come from configuration
 * (so a test or a demo can point it at a replay server); settings a person tuned are kept.
 * The ready configurations (ready-sources.ts) are added disabled, once: whatever an admin
 * did with them since (enabled, rescheduled) stays.
 */
export async function ensureBuiltInSources(
  db: Database,
  config: Pick<Config, 'ftPortal'>,
  clock: Clock,
): Promise<void> {
  const now = clock.now();
  await db
    .insert(sources)
    .values({
      id: FT_PORTAL_SOURCE_ID,
      kind: 'ft-portal',
      name: 'EU Funding & Tenders Portal',
      baseUrl: config.ftPortal.searchUrl,
      schedule: config.ftPortal.schedule,
      settings: { topicDetailsUrl: config.ftPortal.topicDetailsUrl },
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: sources.id,
      set: {
        baseUrl: config.ftPortal.searchUrl,
        schedule: config.ftPortal.schedule,
        settings: sql`${sources.settings} || ${JSON.stringify({ topicDetailsUrl: config.ftPortal.topicDetailsUrl })}::jsonb`,
        updatedAt: now,
      },
    });
  await db
    .insert(sources)
    .values(
      readySources.map((source) => ({
        ...source,
        enabled: false,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing({ target: sources.id });
}
