import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type DatabaseHandle, openPostgres } from '../../src/db/client.js';
import { migratePostgres, migrationsFolder } from '../../src/db/migrate.js';

/** The server tests run against; each test file gets its own database on it. */
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A template named after the migrations' content: rebuilt only when the schema changes. */
export function templateName(): string {
  const folder = migrationsFolder();
  const hash = createHash('sha256');
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(`${folder}/${file}`));
  }
  return `callradar_tmpl_${hash.digest('hex').slice(0, 12)}`;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function ensureTemplate(): Promise<void> {
  const name = templateName();
  const exists = await withAdmin(async (client) => {
    const result = await client.query('select 1 from pg_database where datname = $1', [name]);
    return result.rowCount === 1;
  });
  if (exists) return;
  const building = `${name}_build_${process.pid}`;
  await withAdmin((client) => client.query(`create database "${building}"`));
  await migratePostgres(urlFor(building));
  await withAdmin(async (client) => {
    await client
      .query(`alter database "${building}" rename to "${name}"`)
      .catch(async (error: Error) => {
        // Another run built it first; ours is not needed.
        await client.query(`drop database if exists "${building}"`);
        if (!/already exists/.test(error.message)) throw error;
      });
  });
}

export interface TestDatabase extends DatabaseHandle {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the template; drop() removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `callradar_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withAdmin((client) =>
    client.query(`create database "${name}" template "${templateName()}"`),
  );
  const url = urlFor(name);
  const handle = openPostgres(url);
  return {
    ...handle,
    url,
    drop: async () => {
      await handle.close();
      await withAdmin(async (client) => {
        // Let the pool's connections finish closing before the drop, rather than killing them.
        for (let attempt = 0; attempt < 100; attempt += 1) {
          const result = await client.query(
            'select count(*)::int as n from pg_stat_activity where datname = $1',
            [name],
          );
          if (result.rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`drop database if exists "${name}" with (force)`);
      });
    },
  };
}

/** Rows of a raw SQL query (both drivers answer `{ rows }`). */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
