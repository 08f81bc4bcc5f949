import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The drizzle handle above the storage boundary: the same for PostgreSQL and PGlite. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  /** 'postgres' over the network, or 'pglite' embedded in this process. */
  driver: 'postgres' | 'pglite';
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger?: Pick<Logger, 'warn'>,
): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, logger);
  return openPglite(path.join(config.dataDir, 'pglite'));
}

export function openPostgres(
  connectionString: string,
  logger?: Pick<Logger, 'warn'>,
): DatabaseHandle {
  // Pool size 10 matches pg's default; a worker's ingest uses one connection at a time.
  const pool = new pg.Pool({ connectionString, max: 10, application_name: 'callradar' });
  // An idle connection the server drops (restart, failover, admin) must not crash the
  // process: the pool replaces it on the next query (node-postgres docs, "pool.on('error')").
  pool.on('error', (error) => logger?.warn({ err: error }, 'idle database connection lost'));
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Database;
  return {
    db,
    driver: 'postgres',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/** Embedded PostgreSQL (WASM) keeping its data in a folder: the no-setup default. */
export async function openPglite(dataFolder: string | null): Promise<DatabaseHandle> {
  if (dataFolder) await mkdir(dataFolder, { recursive: true });
  const client = dataFolder ? new PGlite(dataFolder) : new PGlite();
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}
