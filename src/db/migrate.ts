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

/** The database answers, but is behind the code: `npm run db:migrate` is the fix. */
export class MigrationsPendingError extends Error {
  constructor(
    readonly applied: number,
    readonly expected: number,
  ) {
    super(
      `the database has ${applied} of ${expected} migrations applied: run \`npm run db:migrate\` first`,
    );
    this.name = 'MigrationsPendingError';
  }
}

/** The migrations could not even be counted: an outage, refused login, timeout, not a schema. */
export class DatabaseCheckError extends Error {
  constructor(cause: unknown) {
    super(`cannot check the database's migrations: ${describeDatabaseError(cause)}`, { cause });
    this.name = 'DatabaseCheckError';
  }
}

// PostgreSQL's undefined_table: no drizzle.__drizzle_migrations, so nothing was ever applied.
const UNDEFINED_TABLE = '42P01';

/**
 * The API and workers never migrate (a one-shot step does); they refuse to start on a
 * database that is behind the code, with the command that fixes it. Only a missing
 * migrations table or too few applied migrations reads as an old schema; any other error
 * is reported as what it is (DatabaseCheckError), so an outage never says "migrate".
 */
export async function assertMigrated(handle: DatabaseHandle): Promise<void> {
  const journal = JSON.parse(readFileSync(`${migrationsFolder()}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  let applied: number;
  try {
    const result = await handle.db.execute(
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    applied = Number((result as unknown as { rows: Array<{ count: number }> }).rows[0]?.count ?? 0);
  } catch (error) {
    if (rootCause(error).code !== UNDEFINED_TABLE) throw new DatabaseCheckError(error);
    applied = 0;
  }
  if (applied < journal.entries.length) {
    throw new MigrationsPendingError(applied, journal.entries.length);
  }
}

type ErrorWithCode = Error & { code?: string };

/** drizzle wraps the driver's error ("Failed query: …"); the driver's own is the cause. */
function rootCause(error: unknown): ErrorWithCode {
  let current = error as ErrorWithCode & { cause?: unknown };
  while (current?.cause instanceof Error) current = current.cause as typeof current;
  return current;
}

/** The driver's words; a refused connection to localhost is an AggregateError (IPv4 + IPv6). */
function describeDatabaseError(error: unknown): string {
  const cause = rootCause(error);
  const parts =
    cause instanceof AggregateError ? (cause.errors as ErrorWithCode[]) : [cause as ErrorWithCode];
  return parts
    .map((part) => [part.code, part.message].filter(Boolean).join(' '))
    .filter(Boolean)
    .join('; ');
}
