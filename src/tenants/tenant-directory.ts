import { asc, eq, gt, inArray } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { departments, priorityAreas, tenants } from '../db/schema/index.js';
import { Conflict, NotFound } from '../errors.js';
import { recordFollowUp } from '../jobs/outbox.js';
import type { Profile } from './profile.js';
import { importProfile } from './repository.js';
import type { Tenant } from './tenant-schemas.js';

type TenantView = Static<typeof Tenant>;
type TenantRow = typeof tenants.$inferSelect;

/** Rows as the API shows them, with their areas and departments (two queries for all). */
async function viewsOf(db: Database, rows: TenantRow[]): Promise<TenantView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const areaRows = await db
    .select({ tenantId: priorityAreas.tenantId, key: priorityAreas.key, name: priorityAreas.name })
    .from(priorityAreas)
    .where(inArray(priorityAreas.tenantId, ids))
    .orderBy(asc(priorityAreas.key));
  const departmentRows = await db
    .select({
      tenantId: departments.tenantId,
      key: departments.key,
      name: departments.name,
      language: departments.language,
    })
    .from(departments)
    .where(inArray(departments.tenantId, ids))
    .orderBy(asc(departments.key));
  return rows.map((row) => ({
    slug: row.slug,
    name: row.name,
    country: row.country,
    languages: row.languages,
    timeZone: row.timeZone,
    organisationType: row.organisationType,
    profileVersion: row.profileVersion,
    areas: areaRows
      .filter((area) => area.tenantId === row.id)
      .map(({ key, name }) => ({ key, name })),
    departments: departmentRows
      .filter((department) => department.tenantId === row.id)
      .map(({ key, name, language }) => ({ key, name, language })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function tenantById(db: Database, id: string): Promise<TenantView> {
  const rows = await db.select().from(tenants).where(eq(tenants.id, id));
  const [view] = await viewsOf(db, rows);
  if (!view) throw new NotFound('No such tenant');
  return view;
}

export async function tenantBySlug(db: Database, slug: string): Promise<TenantView> {
  const rows = await db.select().from(tenants).where(eq(tenants.slug, slug));
  const [view] = await viewsOf(db, rows);
  if (!view) throw new NotFound(`No tenant "${slug}"`);
  return view;
}

/** Tenants by slug; `limit` after the slug a previous page ended with. */
export async function listTenants(
  db: Database,
  page: { limit: number; afterSlug?: string },
): Promise<TenantView[]> {
  const rows = await db
    .select()
    .from(tenants)
    .where(page.afterSlug === undefined ? undefined : gt(tenants.slug, page.afterSlug))
    .orderBy(asc(tenants.slug))
    .limit(page.limit);
  return viewsOf(db, rows);
}

const UNIQUE_VIOLATION = '23505';

/**
 * A new tenant from its profile, with its first match run recorded as a follow-up in the
 * same transaction (job_outbox). An existing slug is a conflict: updating a tenant's
 * profile is the profile routes' work, not creation's.
 */
export async function createTenant(
  db: Database,
  slug: string,
  profile: Profile,
  clock: Clock,
): Promise<TenantView> {
  try {
    const tenantId = await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: tenants.id })
        .from(tenants)
        .where(eq(tenants.slug, slug));
      if (existing) throw new Conflict(`tenant "${slug}" exists already`);
      // A transaction is a database handle too: importProfile's own one nests as a savepoint.
      const imported = await importProfile(tx, slug, profile, clock);
      await recordFollowUp(
        tx,
        'matching',
        'rematch-tenant',
        { tenantId: imported.tenantId },
        clock.now(),
      );
      return imported.tenantId;
    });
    return await tenantById(db, tenantId);
  } catch (error) {
    // Two creations of one slug at once: the unique index decides, the loser is told so.
    if (codeOf(error) === UNIQUE_VIOLATION) throw new Conflict(`tenant "${slug}" exists already`);
    throw error;
  }
}

/** The PostgreSQL error code, on the error or (drizzle wraps driver errors) its cause. */
function codeOf(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
