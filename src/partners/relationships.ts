import { eq, inArray, or } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { organisationNames, organisations, tenants, twinLinks } from '../db/schema/index.js';
import { normaliseName } from './names.js';

/**
 * The names (normalised) of the asking municipality's twin towns: its own organisations are
 * those named like the tenant (in its country, or without a country, as Wikidata's items
 * are), its twins the other side of their twin links. Names, not ids, because a twin town
 * from Wikidata and the same town's projects from CORDIS are different rows.
 */
export async function twinNamesOf(db: Database, tenantId: string): Promise<Set<string>> {
  const [tenant] = await db
    .select({ name: tenants.name, country: tenants.country })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!tenant) return new Set();
  const own = await db
    .select({ id: organisations.id, country: organisations.country })
    .from(organisationNames)
    .innerJoin(organisations, eq(organisations.id, organisationNames.organisationId))
    .where(eq(organisationNames.normalised, normaliseName(tenant.name)));
  const ownIds = own
    .filter((row) => row.country === null || row.country === tenant.country)
    .map((row) => row.id);
  if (ownIds.length === 0) return new Set();
  const links = await db
    .select({ a: twinLinks.organisationA, b: twinLinks.organisationB })
    .from(twinLinks)
    .where(or(inArray(twinLinks.organisationA, ownIds), inArray(twinLinks.organisationB, ownIds)));
  const twinIds = links.map((link) => (ownIds.includes(link.a) ? link.b : link.a));
  if (twinIds.length === 0) return new Set();
  const names = await db
    .select({ normalised: organisationNames.normalised })
    .from(organisationNames)
    .where(inArray(organisationNames.organisationId, twinIds));
  return new Set(names.map((row) => row.normalised));
}
