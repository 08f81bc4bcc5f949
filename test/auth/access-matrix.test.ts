import { count } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config.js';
import type { ApiKeyRole } from '../../src/db/schema/index.js';
import { tenants } from '../../src/db/schema/index.js';
import { ensureBuiltInSources } from '../../src/sources/built-in.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { exampleProfile, seedExampleTenants } from '../helpers/tenants.js';

type Caller = 'admin' | 'coordinator' | 'reader' | 'revoked' | 'none';
const callers: Caller[] = ['admin', 'coordinator', 'reader', 'revoked', 'none'];

interface RouteCase {
  route: string;
  /** Who may call it: admins only, or any key of the tenant. */
  access: 'admin' | 'tenant-read';
  ok: number;
  /** A fresh, valid request each time (a new slug, a key to revoke…). */
  request(): Promise<InjectOptions>;
}

/** Every route this part of the API adds, each called by every kind of caller. */
describe('who may call the key, tenant and source admin routes', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(new Date('2026-06-25T08:00:00Z'));
  const headers = new Map<Caller, Record<string, string>>();
  let serial = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedExampleTenants(database.db, clock, ['lidingo', 'orebro']);
    await ensureBuiltInSources(database.db, loadConfig({}), clock);
    app = await buildTestApp({ db: database.db, clock });
    for (const role of ['admin', 'coordinator', 'reader'] as ApiKeyRole[]) {
      const key = await testKey(database.db, clock, role, role === 'admin' ? undefined : 'lidingo');
      headers.set(role, key.headers);
    }
    const revoked = await testKey(database.db, clock, 'admin');
    await revokeApiKey(database.db, revoked.id, clock);
    headers.set('revoked', revoked.headers);
    headers.set('none', {});
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const routes: RouteCase[] = [
    {
      route: 'GET /v1/keys',
      access: 'admin',
      ok: 200,
      request: async () => ({ method: 'GET', url: '/v1/keys' }),
    },
    {
      route: 'POST /v1/keys',
      access: 'admin',
      ok: 201,
      request: async () => ({
        method: 'POST',
        url: '/v1/keys',
        payload: { role: 'reader', tenant: 'lidingo', name: 'intranet' },
      }),
    },
    {
      route: 'DELETE /v1/keys/:id',
      access: 'admin',
      ok: 204,
      request: async () => {
        const victim = await createApiKey(database.db, { role: 'reader', tenant: 'orebro' }, clock);
        return { method: 'DELETE', url: `/v1/keys/${victim.id}` };
      },
    },
    {
      route: 'GET /v1/tenants',
      access: 'admin',
      ok: 200,
      request: async () => ({ method: 'GET', url: '/v1/tenants' }),
    },
    {
      route: 'POST /v1/tenants',
      access: 'admin',
      ok: 201,
      request: async () => ({
        method: 'POST',
        url: '/v1/tenants',
        payload: { slug: `new-town-${++serial}`, profile: await exampleProfile('alvesta') },
      }),
    },
    {
      route: 'GET /v1/tenants/:slug',
      access: 'admin',
      ok: 200,
      request: async () => ({ method: 'GET', url: '/v1/tenants/orebro' }),
    },
    {
      route: 'PATCH /v1/sources/:id',
      access: 'admin',
      ok: 200,
      request: async () => ({
        method: 'PATCH',
        url: '/v1/sources/ft-portal',
        payload: { schedule: `${++serial % 60} 5 * * *` },
      }),
    },
    {
      route: 'POST /v1/sources/:id/poll',
      access: 'admin',
      ok: 202,
      request: async () => ({ method: 'POST', url: '/v1/sources/ft-portal/poll' }),
    },
    {
      route: 'GET /v1/tenant',
      access: 'tenant-read',
      ok: 200,
      // An admin names the tenant; the others' keys carry it (and ignore the header).
      request: async () => ({
        method: 'GET',
        url: '/v1/tenant',
        headers: { 'x-tenant': 'lidingo' },
      }),
    },
  ];

  function expected(route: RouteCase, caller: Caller): number {
    if (caller === 'none' || caller === 'revoked') return 401;
    if (route.access === 'admin' && caller !== 'admin') return 403;
    return route.ok;
  }

  for (const route of routes) {
    for (const caller of callers) {
      it(`${route.route} as ${caller}: ${expected(route, caller)}`, async () => {
        const base = await route.request();
        const response = await app.inject({
          ...base,
          headers: { ...(base.headers as Record<string, string>), ...headers.get(caller) },
        });
        expect(response.statusCode).toBe(expected(route, caller));
        if (response.statusCode >= 400) {
          expect(Object.keys(response.json()).sort()).toEqual([
            'error',
            'message',
            'requestId',
            'statusCode',
          ]);
        }
        if (caller === 'none') expect(response.headers['www-authenticate']).toBe('Bearer');
        if (caller === 'revoked') {
          expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
        }
      });
    }
  }

  it('a reader or coordinator asking to create a tenant writes nothing', async () => {
    const before = await database.db.select({ n: count() }).from(tenants);
    for (const caller of ['reader', 'coordinator'] as const) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/tenants',
        headers: headers.get(caller),
        payload: { slug: `not-made-${caller}`, profile: await exampleProfile('alvesta') },
      });
      expect(response.statusCode).toBe(403);
    }
    expect(await database.db.select({ n: count() }).from(tenants)).toEqual(before);
  });

  it('a revoked key fails on public routes too, and a malformed header is a 401', async () => {
    const revoked = await app.inject({
      method: 'GET',
      url: '/v1/sources',
      headers: headers.get('revoked'),
    });
    expect(revoked.statusCode).toBe(401);
    const malformed = await app.inject({
      method: 'GET',
      url: '/v1/keys',
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    });
    expect(malformed.statusCode).toBe(401);
    expect(malformed.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const anonymous = await app.inject({ method: 'GET', url: '/v1/sources' });
    expect(anonymous.statusCode).toBe(200);
  });
});
