import path from 'node:path';
import { loadProfileFile } from '../tenants/profile-file.js';
import { printLine } from './output.js';
import { runCommand } from './run.js';

/**
 * `tenants import <file> [--slug name]`: creates or updates a tenant from a JSON or YAML
 * profile and re-matches it against the open calls right away.
 */
export async function importTenantCommand(
  file: string,
  slug: string | undefined,
  json: boolean,
): Promise<number> {
  // Read here, where the file is: the service that may store it has its own cwd.
  const profile = await loadProfileFile(file);
  const tenantSlug = slug ?? path.basename(file).replace(/\.[^.]+$/, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(tenantSlug)) {
    throw new Error(
      `"${tenantSlug}" is not a usable slug: lower-case letters, digits and dashes (pass --slug)`,
    );
  }
  const summary = await runCommand('tenants import', { slug: tenantSlug, profile }, () => {});
  const { calls, ...printed } = summary;
  printLine(
    json
      ? JSON.stringify(printed)
      : summary.changed
        ? `${tenantSlug}: profile version ${summary.profileVersion} stored, ${summary.matches} matches against ${calls} open calls`
        : `${tenantSlug}: profile unchanged, nothing to do`,
  );
  return 0;
}
