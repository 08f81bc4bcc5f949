import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { type DatabaseHandle, openPostgres } from '../../src/db/client.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { adminUrl, createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { expectErrorShape } from '../helpers/error-shape.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

const INTRANET = 'https://intranet.example';
const madeUpKey = () => `Bearer cr_${randomBytes(32).toString('base64url')}`;

describe('security headers and CORS', () => {
  let database: TestDatabase;
  let plain: FastifyInstance;
  let withCors: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    plain = await buildTestApp({ db: database.db, clock: systemClock });
    withCors = await buildTestApp({
      db: database.db,
      clock: systemClock,
      api: { corsOrigins: [INTRANET] },
    });
  });

  afterAll(async () => {
    await plain?.close();
    await withCors?.close();
    await database?.drop();
  });

  it('sends API security headers with a policy that allows nothing to run', async () => {
    const response = await plain.inject({ method: 'GET', url: '/v1/calls' });
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('lets the Swagger UI load: its page runs only same-origin scripts the docs policy allows', async () => {
    const page = await plain.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    const scripts = [...page.body.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/src="\.\/static\//);
      expect(inline?.trim()).toBe('');
    }
    expect(page.body).not.toMatch(/<style|style="/);
    for (const [, source] of page.body.matchAll(/(?:src|href)="\.\/(static\/[^"]+)"/g)) {
      expect(
        (await plain.inject({ method: 'GET', url: `/docs/${source}` })).statusCode,
        source,
      ).toBe(200);
    }
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const response = await plain.inject({
      method: 'GET',
      url: '/v1/calls',
      headers: { origin: INTRANET },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await plain.inject({
      method: 'OPTIONS',
      url: '/v1/calls',
      headers: { origin: INTRANET, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expectErrorShape(preflight, 404);
  });

  it('answers preflights of the configured origin, allowing the key and If-None-Match', async () => {
    const preflight = await withCors.inject({
      method: 'OPTIONS',
      url: '/v1/calls',
      headers: {
        origin: INTRANET,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, if-none-match',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(INTRANET);
    const allowed = String(preflight.headers['access-control-allow-headers']).toLowerCase();
    expect(allowed).toContain('authorization');
    expect(allowed).toContain('if-none-match');

    const response = await withCors.inject({
      method: 'GET',
      url: '/v1/calls',
      headers: { origin: INTRANET },
    });
    expect(response.headers['access-control-allow-origin']).toBe(INTRANET);
    const exposed = String(response.headers['access-control-expose-headers']).toLowerCase();
    expect(exposed).toContain('etag');
    expect(exposed).toContain('retry-after');
    expect(String(response.headers.vary)).toMatch(/Origin/i);
  });

  it('sends no CORS headers to an origin not configured', async () => {
    const response = await withCors.inject({
      method: 'GET',
      url: '/v1/calls',
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the rate limit', () => {
  const perMinute = 5;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let throughProxy: DatabaseHandle;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    const postgres = new URL(adminUrl);
    proxy = await new TcpProxy({
      host: postgres.hostname,
      port: Number(postgres.port || 5432),
    }).start();
    throughProxy = openPostgres(proxy.urlFor(database.url));
    app = await buildTestApp({
      db: throughProxy.db,
      clock: systemClock,
      api: { rateLimitPerMinute: perMinute },
    });
  });

  afterAll(async () => {
    await app?.close();
    await throughProxy?.close();
    await proxy?.stop();
    await database?.drop();
  });

  const get = (url: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'GET', url, headers, remoteAddress });

  it('allows each key its own allowance, then answers 429 with Retry-After in the error shape', async () => {
    const [first, second] = await Promise.all([
      testKey(database.db, systemClock, 'admin'),
      testKey(database.db, systemClock, 'admin'),
    ]);
    for (let i = 0; i < perMinute; i += 1) {
      expect((await get('/v1/calls', first.headers, '10.0.0.1')).statusCode).toBe(200);
    }
    const limited = await get('/v1/calls', first.headers, '10.0.0.1');
    expect(expectErrorShape(limited, 429).message).toMatch(/5 requests a minute/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-limit']).toBe(String(perMinute));
    // Another key from the same address, and the address without a key, count apart.
    expect((await get('/v1/calls', second.headers, '10.0.0.1')).statusCode).toBe(200);
    expect((await get('/v1/calls', {}, '10.0.0.1')).statusCode).toBe(200);
  });

  it('refuses a flood of made-up keys before it reaches the database', async () => {
    const address = '10.0.0.2';
    const known = await testKey(database.db, systemClock, 'admin');
    expect((await get('/v1/calls', known.headers, address)).statusCode).toBe(200);
    for (let i = 0; i < perMinute; i += 1) {
      expectErrorShape(await get('/v1/calls', { authorization: madeUpKey() }, address), 401);
    }
    // With the database gone, a lookup would be a 503: a 429 means none was tried.
    await proxy.disconnect();
    try {
      const refused = await get('/v1/calls', { authorization: madeUpKey() }, address);
      expectErrorShape(refused, 429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // A key that proved valid is still looked up (and meets the outage).
      expect((await get('/v1/calls', known.headers, address)).statusCode).toBe(503);
    } finally {
      await proxy.reconnect();
    }
    expect((await get('/v1/calls', known.headers, address)).statusCode).toBe(200);
    // Another address is not held to this one's failures.
    expectErrorShape(await get('/v1/calls', { authorization: madeUpKey() }, '10.0.0.3'), 401);
  });

  it('never limits the health probes', async () => {
    for (let i = 0; i < perMinute * 2; i += 1) {
      expect((await get('/health', {}, '10.0.0.4')).statusCode).toBe(200);
    }
  });
});
