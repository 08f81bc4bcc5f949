import { advanceCallStatuses } from '../../calls/advance-statuses.js';
import { createMatchingDeps, rematchTenants } from '../../matching/service.js';
import { parseProfile } from '../../tenants/profile.js';
import { importProfile } from '../../tenants/repository.js';
import type { CommandDeps, TenantImportArgs } from './types.js';

export interface TenantImportSummary {
  slug: string;
  tenantId: string;
  changed: boolean;
  profileVersion: number;
  matches: number | null;
  /** The open calls the tenant was matched against, for the readable line. */
  calls: number | null;
}

/** The import itself, run where the database is open: in this process or in the service. */
export async function importTenant(
  deps: CommandDeps,
  args: TenantImportArgs,
): Promise<TenantImportSummary> {
  // Checked again: the profile may come over the control socket, not from loadProfileFile.
  const profile = parseProfile(args.profile);
  const imported = await importProfile(deps.db, args.slug, profile, deps.clock);
  // Like a matching job: statuses as of now first, then the tenant against what is open.
  if (imported.changed) await advanceCallStatuses(deps);
  const matched = imported.changed
    ? await rematchTenants(createMatchingDeps(deps.db, deps.logger), {
        tenantIds: [imported.tenantId],
        now: deps.clock.now(),
      })
    : null;
  return {
    slug: args.slug,
    tenantId: imported.tenantId,
    changed: imported.changed,
    profileVersion: imported.profileVersion,
    matches: matched?.rows ?? null,
    calls: matched?.calls ?? null,
  };
}
