import type { Clock } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import type { Profile } from '../../src/tenants/profile.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';

/** The shipped example profile of one municipality (lidingo, orebro, alvesta, fredrikstad). */
export async function exampleProfile(slug: string): Promise<Profile> {
  const entry = (await exampleProfiles()).find((example) => example.slug === slug);
  if (!entry) throw new Error(`no example profile "${slug}"`);
  return entry.profile;
}

/** Imports the named example municipalities as tenants. */
export async function seedExampleTenants(db: Database, clock: Clock, slugs: string[]) {
  for (const slug of slugs) await importProfile(db, slug, await exampleProfile(slug), clock);
}
