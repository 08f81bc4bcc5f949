import { count } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { tenants } from '../db/schema/index.js';
import { exampleProfiles } from './profile-file.js';
import { importProfile } from './repository.js';

/**
 * The embedded default starts with the four example municipalities (Lidingö, Örebro,
 * Alvesta, Fredrikstad) so there is something to match against; a database with tenants of
 * its own is left alone. Returns whether anything was imported.
 */
export async function importExamplesIfEmpty(db: Database, clock: Clock): Promise<boolean> {
  const [existing] = await db.select({ value: count() }).from(tenants);
  if ((existing?.value ?? 0) > 0) return false;
  for (const { slug, profile } of await exampleProfiles())
    await importProfile(db, slug, profile, clock);
  return true;
}
