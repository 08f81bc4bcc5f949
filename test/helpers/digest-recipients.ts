import { and, eq } from 'drizzle-orm';
import type { Clock } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import { departments, tenants } from '../../src/db/schema/index.js';
import { importProfile } from '../../src/tenants/repository.js';
import { exampleProfile } from './tenants.js';

/** Recipients given to the example departments the link tests use. */
export const RECIPIENTS = {
  'lidingo/education': ['rektor@lidingo.test', 'Skol.Chef@lidingo.test'],
  'fredrikstad/education': ['oppvekst@fredrikstad.test'],
} as const;

export type RecipientDepartment = keyof typeof RECIPIENTS;

/**
 * Lidingö (Swedish) and Fredrikstad (bokmål) as their shipped profiles say, with recipients
 * on their education departments; the ids of those departments by "slug/key".
 */
export async function seedDigestRecipients(
  db: Database,
  clock: Clock,
): Promise<Record<RecipientDepartment, string>> {
  const ids = {} as Record<RecipientDepartment, string>;
  for (const name of Object.keys(RECIPIENTS) as RecipientDepartment[]) {
    const [slug, key] = name.split('/') as [string, string];
    const profile = structuredClone(await exampleProfile(slug));
    const department = profile.departments.find((entry) => entry.key === key);
    if (!department) throw new Error(`${slug} has no department ${key}`);
    department.recipients = [...RECIPIENTS[name]];
    await importProfile(db, slug, profile, clock);
    const [row] = await db
      .select({ id: departments.id })
      .from(departments)
      .innerJoin(tenants, eq(tenants.id, departments.tenantId))
      .where(and(eq(tenants.slug, slug), eq(departments.key, key)));
    if (!row) throw new Error(`${name} was not stored`);
    ids[name] = row.id;
  }
  return ids;
}
