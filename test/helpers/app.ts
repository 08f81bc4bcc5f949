import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { Clock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import type { ApiKeyRole } from '../../src/db/schema/index.js';
import type { ReadinessCheck } from '../../src/health/routes.js';
import { silentLogger } from './workers.js';

/** Pokes the app gave its follow-up relay: a test can see that a change queued work. */
export class RecordingPokes {
  count = 0;
  poke(): void {
    this.count += 1;
  }
}

/** The real app on a test database, with the default API settings unless told otherwise. */
export async function buildTestApp(options: {
  db: Database;
  clock: Clock;
  api?: Partial<Config['api']>;
  digests?: Partial<Config['digests']>;
  /** The test fetch of POST /v1/sources: e.g. allowedHosts for a local page server. */
  http?: Partial<Config['http']>;
  followUps?: { poke(): void };
  readinessChecks?: ReadinessCheck[];
}): Promise<FastifyInstance> {
  const defaults = loadConfig({});
  return buildApp({
    db: options.db,
    logger: silentLogger,
    clock: options.clock,
    readinessChecks: options.readinessChecks ?? [],
    config: {
      api: { ...defaults.api, ...options.api },
      digests: { ...defaults.digests, ...options.digests },
      http: { ...defaults.http, ...options.http },
    },
    followUps: options.followUps ?? new RecordingPokes(),
  });
}

/** A key for tests: `Authorization` header value included. */
export async function testKey(
  db: Database,
  clock: Clock,
  role: ApiKeyRole,
  tenant?: string,
): Promise<{ id: string; key: string; headers: { authorization: string } }> {
  const created = await createApiKey(db, { role, tenant: tenant ?? null, name: 'test' }, clock);
  return { id: created.id, key: created.key, headers: { authorization: `Bearer ${created.key}` } };
}
