import { createHash } from 'node:crypto';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { departments, priorityAreas, tenants } from '../db/schema/index.js';
import type { Profile } from './profile.js';

interface ImportResult {
  tenantId: string;
  /** False when the same profile was imported before: nothing was written. */
  changed: boolean;
  profileVersion: number;
}

function profileHash(profile: Profile): string {
  return createHash('sha256').update(JSON.stringify(profile)).digest('base64url');
}

/**
 * Creates or updates a tenant from its profile, by slug. Areas and departments are matched
 * by key (so feedback and matches on an area survive an edit of its keywords); ones the new
 * profile no longer has are removed.
 */
export async function importProfile(
  db: Database,
  slug: string,
  profile: Profile,
  clock: Clock,
): Promise<ImportResult> {
  const hash = profileHash(profile);
  const now = clock.now();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(tenants).where(eq(tenants.slug, slug));
    if (existing?.profileHash === hash) {
      return { tenantId: existing.id, changed: false, profileVersion: existing.profileVersion };
    }
    const values = {
      slug,
      name: profile.tenant.name,
      country: profile.tenant.country,
      languages: profile.tenant.languages,
      timeZone: profile.tenant.timezone,
      organisationType: profile.tenant.organisationType,
      twinTowns: profile.tenant.twinTowns ?? [],
      profileHash: hash,
    };
    const [tenant] = existing
      ? await tx
          .update(tenants)
          .set({ ...values, profileVersion: existing.profileVersion + 1, updatedAt: now })
          .where(eq(tenants.id, existing.id))
          .returning()
      : await tx
          .insert(tenants)
          .values({ ...values, createdAt: now, updatedAt: now })
          .returning();
    if (!tenant) throw new Error(`could not store tenant ${slug}`);

    const areaKeys = profile.areas.map((area) => area.key);
    await tx
      .delete(priorityAreas)
      .where(and(eq(priorityAreas.tenantId, tenant.id), notInArray(priorityAreas.key, areaKeys)));
    for (const area of profile.areas) {
      const row = {
        name: area.name,
        description: area.description ?? '',
        keywords: area.keywords,
        weight: area.weight ?? 1,
        exclusions: area.exclusions ?? [],
      };
      await tx
        .insert(priorityAreas)
        .values({ tenantId: tenant.id, key: area.key, ...row })
        .onConflictDoUpdate({ target: [priorityAreas.tenantId, priorityAreas.key], set: row });
    }
    const departmentKeys = profile.departments.map((department) => department.key);
    await tx
      .delete(departments)
      .where(
        and(
          eq(departments.tenantId, tenant.id),
          departmentKeys.length ? notInArray(departments.key, departmentKeys) : undefined,
        ),
      );
    for (const department of profile.departments) {
      const row = {
        name: department.name,
        language: department.language,
        areaKeys: department.areas,
        recipients: department.recipients ?? [],
      };
      await tx
        .insert(departments)
        .values({ tenantId: tenant.id, key: department.key, ...row })
        .onConflictDoUpdate({ target: [departments.tenantId, departments.key], set: row });
    }
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
