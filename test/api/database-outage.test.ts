import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { type DatabaseHandle, openPostgres } from '../../src/db/client.js';
import { isDatabaseUnavailable } from '../../src/http/database-unavailable.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { adminUrl, createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { expectErrorShape } from '../helpers/error-shape.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

const postgres = new URL(adminUrl);
const target = { host: postgres.hostname, port: Number(postgres.port || 5432) };

/** The error a promise rejects with (the test fails if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('the API while PostgreSQL is unreachable', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let throughProxy: DatabaseHandle;
  let app: FastifyInstance;
  let key: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    key = (await testKey(database.db, systemClock, 'admin')).headers.authorization;
    proxy = await new TcpProxy(target).start();
    throughProxy = openPostgres(proxy.urlFor(database.url));
    app = await buildTestApp({
      db: throughProxy.db,
      clock: systemClock,
      readinessChecks: [{ name: 'database', check: throughProxy.ping }],
    });
  });

  afterAll(async () => {
    await app?.close();
    await throughProxy?.close();
    await proxy?.stop();
    await database?.drop();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  it('answers 503 with Retry-After while it is gone, and 200 again once it is back', async () => {
    expect((await get('/v1/calls')).statusCode).toBe(200);
    expect((await get('/ready')).statusCode).toBe(200);

    await proxy.disconnect();
    for (const headers of [{}, { authorization: key }] as Array<Record<string, string>>) {
      const down = await get('/v1/calls', headers);
      const body = expectErrorShape(down, 503);
      expect(body.message).toBe('The database is unavailable; retry shortly.');
      expect(down.headers['retry-after']).toBe('5');
    }
    const notReady = await get('/ready');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json().status).toBe('unavailable');

    // The same app, not restarted: the pool opens new connections when asked.
    await proxy.reconnect();
    expect((await get('/v1/calls')).statusCode).toBe(200);
    expect((await get('/v1/calls', { authorization: key })).statusCode).toBe(200);
    expect((await get('/ready')).statusCode).toBe(200);
  });
});

describe('which errors mean the database is unavailable', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('recognises a refused connection and a connect timeout as the drivers raise them', async () => {
    const proxy = await new TcpProxy(target).start();
    const url = proxy.urlFor(database.url);
    proxy.partition();
    const slow = new pg.Client({ connectionString: url, connectionTimeoutMillis: 200 });
    const timeout = await rejectionOf(slow.connect());
    await proxy.disconnect();
    const refused = await rejectionOf(new pg.Client({ connectionString: url }).connect());
    await proxy.stop();
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(timeout)).toBe(true);
  });

  it('recognises a server refusing more connections (SQLSTATE 53300), not a bad query', async () => {
    const role = `cr_full_${process.pid}`;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(`create role ${role} login connection limit 0`);
      const url = new URL(database.url);
      url.username = role;
      const full = await rejectionOf(new pg.Client({ connectionString: url.toString() }).connect());
      expect((full as { code?: string }).code).toBe('53300');
      expect(isDatabaseUnavailable(full)).toBe(true);
      const syntax = await rejectionOf(admin.query('selec 1'));
      expect(isDatabaseUnavailable(syntax)).toBe(false);
      // Only what the driver raises counts, not a message that mentions a refusal.
      expect(isDatabaseUnavailable(new Error('connect ECONNREFUSED 10.0.0.7:5432'))).toBe(false);
    } finally {
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  });
});
