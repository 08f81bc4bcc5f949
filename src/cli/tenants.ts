import path from 'node:path';
import { advanceCallStatuses } from '../calls/advance-statuses.js';
import type { Clock } from '../clock.js';
import { createMatchingDeps, rematchTenants } from '../matching/service.js';
import { loadProfileFile } from '../tenants/profile-file.js';
import { importProfile } from '../tenants/repository.js';
import { openCliContext } from './database.js';
import { printLine } from './output.js';

/**
 * `tenants import <file> [--slug name]`: creates or updates a tenant from a JSON or YAML
 * profile and re-matches it against the open calls right away.
 */
export async function importTenantCommand(
  file: string,
  slug: string | undefined,
  json: boolean,
  clock: Clock,
): Promise<number> {
  const profile = await loadProfileFile(file);
  const tenantSlug = slug ?? path.basename(file).replace(/\.[^.]+$/, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(tenantSlug)) {
    throw new Error(
      `"${tenantSlug}" is not a usable slug: lower-case letters, digits and dashes (pass --slug)`,
    );
  }
  const { logger, handle } = await openCliContext();
  try {
    const imported = await importProfile(handle.db, tenantSlug, profile, clock);
    // Like a matching job: statuses as of now first, then the tenant against what is open.
    if (imported.changed) await advanceCallStatuses({ db: handle.db, clock, logger });
    const matched = imported.changed
      ? await rematchTenants(createMatchingDeps(handle.db, logger), {
          tenantIds: [imported.tenantId],
          now: clock.now(),
        })
      : null;
    const summary = {
      slug: tenantSlug,
      tenantId: imported.tenantId,
      changed: imported.changed,
      profileVersion: imported.profileVersion,
      matches: matched?.rows ?? null,
    };
    printLine(
      json
        ? JSON.stringify(summary)
        : imported.changed
          ? `${tenantSlug}: profile version ${imported.profileVersion} stored, ${matched?.rows} matches against ${matched?.calls} open calls`
          : `${tenantSlug}: profile unchanged, nothing to do`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}
