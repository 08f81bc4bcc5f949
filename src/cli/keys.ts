import type { ApiKeyListing } from '../auth/api-keys.js';
import { type ApiKeyRole, apiKeyRoles } from '../db/schema/index.js';
import { printLine } from './output.js';
import { runCommand } from './run.js';
import { UsageError } from './usage.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isRole(value: string): value is ApiKeyRole {
  return (apiKeyRoles as readonly string[]).includes(value);
}

/** `keys create`: the key alone on stdout (or `{id, key, role, tenant}` with --json). */
export async function createKeyCommand(options: {
  role: string | undefined;
  tenant: string | undefined;
  name: string | undefined;
  json: boolean;
}): Promise<number> {
  const { role, tenant } = options;
  if (role === undefined || !isRole(role)) {
    throw new UsageError(`keys create needs --role ${apiKeyRoles.join('|')}`);
  }
  if (role === 'admin' && tenant !== undefined) {
    throw new UsageError('an admin key belongs to no tenant: leave out --tenant');
  }
  if (role !== 'admin' && tenant === undefined) {
    throw new UsageError(`a ${role} key belongs to one tenant: pass --tenant <slug>`);
  }
  const created = await runCommand('keys create', { role, tenant, name: options.name }, () => {});
  const { id, key } = created;
  printLine(options.json ? JSON.stringify({ id, key, role, tenant: created.tenant }) : key);
  if (!options.json) {
    process.stderr.write(`key ${id} (${role}): store it now, it is not shown again\n`);
  }
  return 0;
}

/** `keys list`: a table for people, or an array of the stored fields (never a key) for scripts. */
export async function listKeysCommand(json: boolean): Promise<number> {
  const keys = await runCommand('keys list', {}, () => {});
  if (json) {
    printLine(
      JSON.stringify(
        keys.map(({ id, prefix, role, tenant, name, createdAt, revokedAt }) => ({
          id,
          prefix,
          role,
          tenant,
          name,
          createdAt,
          revokedAt,
        })),
      ),
    );
  } else {
    printLine(keys.length === 0 ? 'no API keys' : keyTable(keys));
  }
  return 0;
}

function keyTable(keys: ApiKeyListing[]): string {
  const rows = [
    ['ID', 'PREFIX', 'ROLE', 'TENANT', 'NAME', 'CREATED', 'REVOKED'],
    ...keys.map((key) => [
      key.id,
      key.prefix,
      key.role,
      key.tenant ?? '-',
      key.name || '-',
      key.createdAt,
      key.revokedAt ?? '-',
    ]),
  ];
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `keys revoke <id>`: the key stops working; revoking it again changes nothing. */
export async function revokeKeyCommand(id: string | undefined, json: boolean): Promise<number> {
  if (id === undefined) throw new UsageError('keys revoke needs the id of a key (see keys list)');
  if (!UUID.test(id)) throw new UsageError(`"${id}" is not a key id (see keys list)`, false);
  await runCommand('keys revoke', { id }, () => {});
  printLine(json ? JSON.stringify({ id, revoked: true }) : `key ${id} revoked`);
  return 0;
}
