import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { apiKeys } from '../../src/db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { seedExampleTenants } from '../helpers/tenants.js';

const run = promisify(execFile);

// Each case spawns the CLI a few times (tsx compiles on each start): minutes on a busy machine.
describe('npm run cli -- keys create|list|revoke (on PostgreSQL)', { timeout: 180_000 }, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedExampleTenants(database.db, systemClock, ['lidingo']);
  });

  afterAll(async () => {
    await database?.drop();
  });

  const cli = (...args: string[]) =>
    run('npx', ['tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    });
  /** The exit code and stderr of a command that should fail. */
  const failing = async (...args: string[]) => {
    const outcome = await cli(...args).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    return outcome;
  };

  it('creates keys: the key alone on stdout, or exactly {id, key, role, tenant} with --json', async () => {
    const plain = await cli('keys', 'create', '--tenant', 'lidingo', '--role', 'reader');
    expect(plain.stdout).toMatch(/^cr_[A-Za-z0-9_-]{43}\n$/);
    const { stdout } = await cli('keys', 'create', '--role', 'admin', '--name', 'ops', '--json');
    const created = JSON.parse(stdout);
    expect(Object.keys(created)).toEqual(['id', 'key', 'role', 'tenant']);
    expect(created).toMatchObject({ role: 'admin', tenant: null });
    const coordinator = JSON.parse(
      (await cli('keys', 'create', '--tenant', 'lidingo', '--role', 'coordinator', '--json'))
        .stdout,
    );
    expect(coordinator).toMatchObject({ role: 'coordinator', tenant: 'lidingo' });
    const rows = await database.db.select().from(apiKeys);
    expect(rows.map((row) => row.id).sort()).toEqual(
      expect.arrayContaining([created.id, coordinator.id]),
    );
    expect(JSON.stringify(rows)).not.toContain(created.key);
  });

  it('lists every key as a table, or as an array of exactly the documented fields', async () => {
    const listed = JSON.parse((await cli('keys', 'list', '--json')).stdout) as Array<
      Record<string, unknown>
    >;
    const rows = await database.db.select().from(apiKeys);
    expect(listed).toHaveLength(rows.length);
    for (const item of listed) {
      expect(Object.keys(item)).toEqual([
        'id',
        'prefix',
        'role',
        'tenant',
        'name',
        'createdAt',
        'revokedAt',
      ]);
      const row = rows.find((candidate) => candidate.id === item.id);
      expect(item).toMatchObject({
        prefix: row?.prefix,
        role: row?.role,
        name: row?.name,
        createdAt: row?.createdAt.toISOString(),
        revokedAt: null,
      });
    }
    expect(listed.find((item) => item.role === 'admin')?.name).toBe('ops');
    const table = (await cli('keys', 'list')).stdout.trim().split('\n');
    expect(table[0]).toMatch(/^ID\s+PREFIX\s+ROLE\s+TENANT\s+NAME\s+CREATED\s+REVOKED$/);
    expect(table).toHaveLength(rows.length + 1);
  });

  it('revokes a key by id: list shows when', async () => {
    const [victim] = JSON.parse((await cli('keys', 'list', '--json')).stdout) as Array<{
      id: string;
    }>;
    const { stdout } = await cli('keys', 'revoke', victim?.id as string);
    expect(stdout).toBe(`key ${victim?.id} revoked\n`);
    const listed = JSON.parse((await cli('keys', 'list', '--json')).stdout) as Array<{
      id: string;
      revokedAt: string | null;
    }>;
    const revokedAt = listed.find((item) => item.id === victim?.id)?.revokedAt;
    expect(Number.isNaN(Date.parse(revokedAt ?? ''))).toBe(false);
  });

  it('exits 2 on a command line it cannot run, 1 when the command fails', async () => {
    expect((await failing('keys', 'create', '--tenant', 'lidingo')).code).toBe(2);
    expect((await failing('keys', 'create', '--role', 'owner', '--tenant', 'lidingo')).code).toBe(
      2,
    );
    expect((await failing('keys', 'create', '--role', 'admin', '--tenant', 'lidingo')).code).toBe(
      2,
    );
    expect((await failing('keys', 'create', '--role', 'reader')).code).toBe(2);
    expect((await failing('keys', 'revoke')).code).toBe(2);
    expect((await failing('keys', 'revoke', 'not-an-id')).code).toBe(2);
    expect((await failing('keys', 'list', '--colour')).code).toBe(2);
    const unknownTenant = await failing(
      'keys',
      'create',
      '--role',
      'reader',
      '--tenant',
      'atlantis',
    );
    expect(unknownTenant).toEqual({
      code: 1,
      stderr: 'keys create failed: tenant: no tenant "atlantis"\n',
    });
    const unknownKey = await failing('keys', 'revoke', '7d7f7c7e-0000-4000-8000-000000000000');
    expect(unknownKey.code).toBe(1);
    expect(unknownKey.stderr).toMatch(/^keys revoke failed: No API key/);
  });
});
