import { createHash } from 'node:crypto';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { departments, priorityAreas, tenants } from '../db/schema/index.js';
import { recordFollowUp } from '../jobs/outbox.js';
import { type CanonicalProfile, canonicalProfile, type Profile } from './profile.js';
import { digestColumns } from './profile-digest.js';

/** A transaction handle: the same drizzle API as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

interface ImportResult {
  tenantId: string;
  /** False when the same profile was imported before: nothing was written. */
  changed: boolean;
  profileVersion: number;
}

/** Of the canonical form: documents that store the same rows hash the same. */
function profileHash(profile: CanonicalProfile): string {
  return createHash('sha256').update(JSON.stringify(profile)).digest('base64url');
}

/** The tenants row's share of a profile. */
export function tenantColumns(profile: CanonicalProfile) {
  return {
    name: profile.tenant.name,
    country: profile.tenant.country,
    languages: profile.tenant.languages,
    timeZone: profile.tenant.timezone,
    organisationType: profile.tenant.organisationType,
    twinTowns: profile.tenant.twinTowns,
    ...digestColumns(profile.tenant.digest, profile.tenant.coordinators),
    profileHash: profileHash(profile),
  };
}

/**
 * Makes a tenant's areas and departments those of the profile. Matched by key, so an
 * edited area keeps its id and with it its matches and feedback; entries the profile no
 * longer has are removed (their matches and feedback with them).
 */
export async function writeProfileEntries(
  tx: Tx,
  tenantId: string,
  profile: CanonicalProfile,
): Promise<void> {
  const areaKeys = profile.areas.map((area) => area.key);
  await tx
    .delete(priorityAreas)
    .where(and(eq(priorityAreas.tenantId, tenantId), notInArray(priorityAreas.key, areaKeys)));
  for (const { key, ...row } of profile.areas) {
    await tx
      .insert(priorityAreas)
      .values({ tenantId, key, ...row })
      .onConflictDoUpdate({ target: [priorityAreas.tenantId, priorityAreas.key], set: row });
  }
  const departmentKeys = profile.departments.map((department) => department.key);
  await tx
    .delete(departments)
    .where(
      and(
        eq(departments.tenantId, tenantId),
        departmentKeys.length ? notInArray(departments.key, departmentKeys) : undefined,
      ),
    );
  for (const { key, areas, ...rest } of profile.departments) {
    // Named even when absent: a threshold taken out of the profile goes back to the default.
    const row = { ...rest, areaKeys: areas, digestMinScore: rest.digestMinScore ?? null };
    await tx
      .insert(departments)
      .values({ tenantId, key, ...row })
      .onConflictDoUpdate({ target: [departments.tenantId, departments.key], set: row });
  }
}

/** The follow-up every stored profile change needs: the tenant matched again. */
export function recordRematch(tx: Tx, tenantId: string, now: Date): Promise<void> {
  return recordFollowUp(tx, 'matching', 'rematch-tenant', { tenantId }, now);
}

/**
 * Creates or updates a tenant from its profile, by slug (the CLI import, the examples, the
 * admin route). An unchanged profile writes nothing. With `queueRematch` the re-match is
 * recorded in the same transaction (job_outbox); the caller pokes the relay after it; the
 * CLI instead matches the tenant itself.
 */
export async function importProfile(
  db: Database,
  slug: string,
  profile: Profile,
  clock: Clock,
  options: { queueRematch?: boolean } = {},
): Promise<ImportResult> {
  const columns = tenantColumns(canonicalProfile(profile));
  const now = clock.now();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(tenants).where(eq(tenants.slug, slug)).for('update');
    if (existing?.profileHash === columns.profileHash) {
      return { tenantId: existing.id, changed: false, profileVersion: existing.profileVersion };
    }
    const [tenant] = existing
      ? await tx
          .update(tenants)
          .set({ ...columns, profileVersion: existing.profileVersion + 1, updatedAt: now })
          .where(eq(tenants.id, existing.id))
          .returning()
      : await tx
          .insert(tenants)
          .values({ slug, ...columns, createdAt: now, updatedAt: now })
          .returning();
    if (!tenant) throw new Error(`could not store tenant ${slug}`);
    await writeProfileEntries(tx, tenant.id, canonicalProfile(profile));
    if (options.queueRematch) await recordRematch(tx, tenant.id, now);
    return { tenantId: tenant.id, changed: true, profileVersion: tenant.profileVersion };
  });
}

export interface TenantWithAreas {
  id: string;
  country: string;
  languages: string[];
  profileVersion: number;
  areas: Array<typeof priorityAreas.$inferSelect>;
}

/** Tenants with their areas, for matching; all of them, or the ones asked for. */
export async function loadTenantsForMatching(
  db: Database,
  tenantIds?: string[],
): Promise<TenantWithAreas[]> {
  if (tenantIds?.length === 0) return [];
  const tenantRows = await db
    .select()
    .from(tenants)
    .where(tenantIds ? inArray(tenants.id, tenantIds) : undefined);
  const areaRows = await db
    .select()
    .from(priorityAreas)
    .where(tenantIds ? inArray(priorityAreas.tenantId, tenantIds) : undefined);
  const areasByTenant = new Map<string, TenantWithAreas['areas']>();
  for (const area of areaRows) {
    const areas = areasByTenant.get(area.tenantId) ?? [];
    areas.push(area);
    areasByTenant.set(area.tenantId, areas);
  }
  return tenantRows.map((tenant) => ({
    id: tenant.id,
    country: tenant.country,
    languages: tenant.languages,
    profileVersion: tenant.profileVersion,
    areas: areasByTenant.get(tenant.id) ?? [],
  }));
}
