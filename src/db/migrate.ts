import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePgliteDatabase } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseHandle } from './client.js';

/** The committed drizzle-kit output, found from src/db (tsx) or dist/src/db (built). */
export function migrationsFolder(): string {
  for (const relative of ['../../migrations', '../../../migrations']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${candidate}/meta/_journal.json`)) return candidate;
  }
  throw new Error('migrations folder not found beside the application');
}

// Any constant works; it only has to be the same for every process running migrations.
const MIGRATION_LOCK_KEY = 7_404_417;

/**
 * Apply pending migrations to a PostgreSQL server. A session advisory lock, held on one
 * dedicated connection, makes two deploys racing wait for each other instead of applying
 * the same migration twice.
 */
export async function migratePostgres(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString, application_name: 'callradar-migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrateNodePg(drizzleNodePg({ client }), { migrationsFolder: migrationsFolder() });
  } finally {
    await client.end();
  }
}

/** Apply pending migrations to the embedded database: one process, nothing to race. */
export async function migratePglite(handle: DatabaseHandle): Promise<void> {
  if (handle.driver !== 'pglite') throw new Error('migratePglite needs the embedded database');
  await migratePgliteDatabase(handle.db as unknown as PgliteDatabase, {
    migrationsFolder: migrationsFolder(),
  });
}

/**
 * The API and workers never migrate (a one-shot step does); they refuse to start on a
 * database that is behind the code, with the command that fixes it.
 */
export async function assertMigrated(handle: DatabaseHandle): Promise<void> {
  const journal = JSON.parse(readFileSync(`${migrationsFolder()}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  let applied = 0;
  try {
    const result = await handle.db.execute(
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    applied = Number((result as unknown as { rows: Array<{ count: number }> }).rows[0]?.count ?? 0);
  } catch {
    applied = 0;
  }
  if (applied < journal.entries.length) {
    throw new Error(
      `the database has ${applied} of ${journal.entries.length} migrations applied: run \`npm run db:migrate\` first`,
    );
  }
}
