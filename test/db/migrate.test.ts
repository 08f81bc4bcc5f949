import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openPostgres } from '../../src/db/client.js';
import {
  assertMigrated,
  DatabaseCheckError,
  MigrationsPendingError,
  migrationsFolder,
} from '../../src/db/migrate.js';
import { adminUrl, createTestDatabase, type TestDatabase } from '../helpers/database.js';

const expected = (
  JSON.parse(readFileSync(`${migrationsFolder()}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

function urlWith(change: (url: URL) => void): string {
  const url = new URL(adminUrl);
  change(url);
  return url.toString();
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** What assertMigrated throws for a handle, closing the handle afterwards. */
async function failureOf(handle: DatabaseHandle): Promise<unknown> {
  try {
    await assertMigrated(handle);
    return null;
  } catch (error) {
    return error;
  } finally {
    await handle.close();
  }
}

describe('assertMigrated', () => {
  const freshName = `callradar_fresh_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let migrated: TestDatabase;

  beforeAll(async () => {
    await admin(`create database "${freshName}"`);
    migrated = await createTestDatabase();
  });

  afterAll(async () => {
    await admin(`drop database if exists "${freshName}" with (force)`);
    await migrated?.drop();
  });

  it('passes on a database with every migration applied', async () => {
    await expect(assertMigrated(migrated)).resolves.toBeUndefined();
  });

  it('reads a fresh database without the migrations table as an old schema', async () => {
    const error = await failureOf(openPostgres(urlWith((url) => (url.pathname = `/${freshName}`))));
    expect((error as Error).message).toBe(
      `the database has 0 of ${expected} migrations applied: run \`npm run db:migrate\` first`,
    );
    expect(error).toBeInstanceOf(MigrationsPendingError);
  });

  it('reads fewer applied migrations than the code has as an old schema', async () => {
    const behind = await createTestDatabase();
    try {
      await behind.db.execute(
        sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`,
      );
      const error = await assertMigrated(behind).catch((caught: unknown) => caught);
      expect((error as Error).message).toContain(`has ${expected - 1} of ${expected} migrations`);
      expect(error).toBeInstanceOf(MigrationsPendingError);
    } finally {
      await behind.drop();
    }
  });

  it('reports an unreachable server as what it is, not as an old schema', async () => {
    // Port 9 (discard) has nothing listening here: the connection is refused at once.
    const error = await failureOf(openPostgres(urlWith((url) => (url.port = '9'))));
    expect((error as Error).message).not.toMatch(/db:migrate/);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(error).toBeInstanceOf(DatabaseCheckError);
  });

  it('reports a refused login as what it is, not as an old schema', async () => {
    const error = await failureOf(
      openPostgres(urlWith((url) => (url.username = `nobody_${randomUUID().slice(0, 8)}`))),
    );
    expect((error as Error).message).not.toMatch(/db:migrate/);
    expect((error as Error).message).toMatch(/role "nobody_\w+" does not exist/);
    expect(error).toBeInstanceOf(DatabaseCheckError);
  });
});
