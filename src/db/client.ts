import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type Clock, systemClock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { acquireEmbeddedLock } from './embedded-lock.js';
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

interface EmbeddedOptions {
  /** Stamps the folder lock's "since"; the system clock unless the caller has its own. */
  clock?: Clock;
  /** Where this process takes CLI commands while it holds the folder (the service). */
  controlSocket?: string | null;
}

/** The embedded database's folder under DATA_DIR. */
export function embeddedFolderOf(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'pglite');
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger?: Pick<Logger, 'warn'>,
  embedded: EmbeddedOptions = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, logger);
  return openPglite(embeddedFolderOf(config), embedded);
}

export function openPostgres(
  connectionString: string,
  logger?: Pick<Logger, 'warn'>,
): DatabaseHandle {
  // Pool size 10 matches pg's default; a worker's ingest uses one connection at a time.
  // A connect that hangs (a partition drops packets instead of refusing) fails after 5 s, so
  // the API answers 503 instead of holding the request until its own timeout.
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    application_name: 'callradar',
    connectionTimeoutMillis: 5_000,
  });
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

/**
 * Embedded PostgreSQL (WASM) keeping its data in a folder: the no-setup default. A folder is
 * opened only under its lock (embedded-lock.ts): a second process refuses instead of
 * corrupting it. Throws EmbeddedFolderBusyError naming the holder.
 */
export async function openPglite(
  dataFolder: string,
  options: EmbeddedOptions = {},
): Promise<DatabaseHandle> {
  await mkdir(dataFolder, { recursive: true });
  const lock = await acquireEmbeddedLock(dataFolder, {
    clock: options.clock ?? systemClock,
    controlSocket: options.controlSocket ?? null,
  });
  try {
    const client = new PGlite(dataFolder);
    await client.waitReady;
    return pgliteHandle(client, lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
}

function pgliteHandle(client: PGlite, releaseLock: () => void): DatabaseHandle {
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        releaseLock();
      }
    },
  };
}
