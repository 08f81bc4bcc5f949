import { eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { departments, priorityAreas, tenants } from '../db/schema/index.js';
import { NotFound, PreconditionFailed } from '../errors.js';
import { type CanonicalProfile, canonicalProfile, type Profile, parseProfile } from './profile.js';
import { digestOfRow } from './profile-digest.js';
import { recordRematch, type Tx, tenantColumns, writeProfileEntries } from './repository.js';

export interface StoredProfile {
  profileVersion: number;
  profile: CanonicalProfile;
}

/** The profile rebuilt from the tables; `lock` holds the tenant row until the transaction ends. */
async function loadProfile(
  db: Database | Tx,
  tenantId: string,
  lock: boolean,
): Promise<StoredProfile | null> {
  const query = db.select().from(tenants).where(eq(tenants.id, tenantId));
  const [tenant] = lock ? await query.for('update') : await query;
  if (!tenant) return null;
  const areaRows = await db
    .select()
    .from(priorityAreas)
    .where(eq(priorityAreas.tenantId, tenantId));
  const departmentRows = await db
    .select()
    .from(departments)
    .where(eq(departments.tenantId, tenantId));
  const profile = canonicalProfile({
    tenant: {
      name: tenant.name,
      country: tenant.country,
      languages: tenant.languages,
      timezone: tenant.timeZone,
      organisationType: tenant.organisationType as Profile['tenant']['organisationType'],
      twinTowns: tenant.twinTowns,
      digest: digestOfRow(tenant),
      coordinators: tenant.coordinatorEmails,
    },
    // canonicalProfile puts them in key order.
    areas: areaRows,
    departments: departmentRows.map(({ areaKeys, ...department }) => ({
      ...department,
      areas: areaKeys,
    })),
  });
  return { profileVersion: tenant.profileVersion, profile };
}

/** The tenant's profile as the import takes it, with its version. */
export async function readProfile(db: Database, tenantId: string): Promise<StoredProfile> {
  const stored = await loadProfile(db, tenantId, false);
  if (!stored) throw new NotFound('No profile for this tenant');
  return stored;
}

export interface ProfileChange extends StoredProfile {
  changed: boolean;
  rematch: 'queued' | 'not-needed';
}

interface ChangeDeps {
  db: Database;
  clock: Clock;
  /** Told after a commit that recorded a re-match, so the relay hands it on now. */
  followUps: { poke(): void };
}

/**
 * Changes a tenant's profile: `change` gets the current one and returns the next, which is
 * validated like an import. Under a lock on the tenant row, so two edits at once apply one
 * after the other; `ifMatch` refuses an edit made against an older version (412). A change
 * bumps the version and records the re-match in the same transaction; a profile that comes
 * out the same writes nothing.
 */
export async function changeProfile(
  deps: ChangeDeps,
  tenantId: string,
  options: { ifMatch?: (currentVersion: number) => boolean },
  change: (current: CanonicalProfile) => Profile,
): Promise<ProfileChange> {
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (tx): Promise<ProfileChange> => {
    const current = await loadProfile(tx, tenantId, true);
    if (!current) throw new NotFound('No profile for this tenant');
    if (options.ifMatch && !options.ifMatch(current.profileVersion)) {
      throw new PreconditionFailed(
        `the profile is at version ${current.profileVersion}, not the one in If-Match: read it again and reapply the change`,
      );
    }
    const next = canonicalProfile(parseProfile(change(current.profile)));
    if (JSON.stringify(next) === JSON.stringify(current.profile)) {
      return { ...current, changed: false, rematch: 'not-needed' };
    }
    const profileVersion = current.profileVersion + 1;
    await tx
      .update(tenants)
      .set({ ...tenantColumns(next), profileVersion, updatedAt: now })
      .where(eq(tenants.id, tenantId));
    await writeProfileEntries(tx, tenantId, next);
    await recordRematch(tx, tenantId, now);
    return { profileVersion, profile: next, changed: true, rematch: 'queued' };
  });
  if (result.changed) deps.followUps.poke();
  return result;
}
