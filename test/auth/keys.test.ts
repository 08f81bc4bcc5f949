import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { revokeApiKey } from '../../src/auth/api-keys.js';
import { apiKeys } from '../../src/db/schema/index.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { seedExampleTenants } from '../helpers/tenants.js';

interface KeyItem {
  id: string;
  prefix: string;
  role: string;
  tenant: string | null;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

describe('API keys: /v1/keys, storage, the key cache and tenant scoping', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(new Date('2026-06-25T08:00:00Z'));
  let admin: { authorization: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedExampleTenants(database.db, clock, ['lidingo', 'orebro']);
    app = await buildTestApp({ db: database.db, clock });
    admin = (await testKey(database.db, clock, 'admin')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const call = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
    headers = admin,
  ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('creates a key that works at once and is shown only in the creation answer', async () => {
    const created = await call('POST', '/v1/keys', {
      role: 'coordinator',
      tenant: 'orebro',
      name: 'intranet',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json() as { id: string; key: string; role: string; tenant: string };
    expect(Object.keys(body).sort()).toEqual(['id', 'key', 'role', 'tenant']);
    expect(body).toMatchObject({ role: 'coordinator', tenant: 'orebro' });
    expect(body.key).toMatch(/^cr_[A-Za-z0-9_-]{43}$/);
    const tenant = await call('GET', '/v1/tenant', undefined, {
      authorization: `Bearer ${body.key}`,
    });
    expect(tenant.statusCode).toBe(200);
    expect(tenant.json().slug).toBe('orebro');
    const list = await call('GET', '/v1/keys?limit=200');
    const listed = (list.json().items as KeyItem[]).find((item) => item.id === body.id);
    expect(listed).toMatchObject({
      role: 'coordinator',
      tenant: 'orebro',
      name: 'intranet',
      revokedAt: null,
    });
    expect(body.key.startsWith(listed?.prefix ?? '?')).toBe(true);
    expect(list.body).not.toContain(body.key);
  });

  it('stores no key in clear: no column of api_keys holds a key or its secret part', async () => {
    const keys = await Promise.all(
      ['admin', 'reader'].map(async (role) => {
        const response = await call(
          'POST',
          '/v1/keys',
          role === 'admin' ? { role } : { role, tenant: 'lidingo' },
        );
        return (response.json() as { key: string }).key;
      }),
    );
    const rows = await queryRows<Record<string, unknown>>(database.db, sql`select * from api_keys`);
    const everything = JSON.stringify(rows);
    for (const key of keys) {
      expect(everything).not.toContain(key);
      // Past the visible prefix: nothing of the secret itself is stored either.
      expect(everything).not.toContain(key.slice(11, 30));
    }
    expect(rows.length).toBeGreaterThanOrEqual(keys.length);
  });

  it('pages through every key with a cursor, oldest first', async () => {
    const [stored] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from api_keys`,
    );
    const seen: KeyItem[] = [];
    let cursor: string | null = null;
    do {
      const response = await call('GET', `/v1/keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as { items: KeyItem[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(stored?.n ?? -1);
    expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    const bad = await call('GET', '/v1/keys?cursor=bm90LWEtY3Vyc29y');
    expect(bad.statusCode).toBe(400);
  });

  it('refuses keys that cannot exist, naming the field', async () => {
    for (const payload of [
      { role: 'admin', tenant: 'lidingo' },
      { role: 'reader' },
      { role: 'reader', tenant: 'atlantis' },
      { role: 'owner', tenant: 'lidingo' },
    ]) {
      const response = await call('POST', '/v1/keys', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const unknownTenant = await call('POST', '/v1/keys', { role: 'reader', tenant: 'atlantis' });
    expect(unknownTenant.json().message).toMatch(/^tenant: /);
  });

  it('revokes at once, even a key this process has cached, and 404s an unknown id', async () => {
    const key = await testKey(database.db, clock, 'reader', 'lidingo');
    expect((await call('GET', '/v1/tenant', undefined, key.headers)).statusCode).toBe(200);
    expect((await call('DELETE', `/v1/keys/${key.id}`)).statusCode).toBe(204);
    const after = await call('GET', '/v1/tenant', undefined, key.headers);
    expect(after.statusCode).toBe(401);
    expect(after.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row?.revokedAt?.toISOString()).toBe(clock.now().toISOString());
    // Again: still revoked, still 204.
    expect((await call('DELETE', `/v1/keys/${key.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', '/v1/keys/7d7f7c7e-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
  });

  it('a revocation made outside the app in this process (the CLI over the control socket) evicts it too', async () => {
    const key = await testKey(database.db, clock, 'coordinator', 'lidingo');
    expect((await call('GET', '/v1/tenant', undefined, key.headers)).statusCode).toBe(200);
    await revokeApiKey(database.db, key.id, clock);
    expect((await call('GET', '/v1/tenant', undefined, key.headers)).statusCode).toBe(401);
  });

  it('a coordinator of one tenant naming another in X-Tenant still acts on its own', async () => {
    const key = await testKey(database.db, clock, 'coordinator', 'lidingo');
    const response = await call('GET', '/v1/tenant', undefined, {
      ...key.headers,
      'x-tenant': 'orebro',
    } as never);
    expect(response.statusCode).toBe(200);
    expect(response.json().slug).toBe('lidingo');
    const asAdmin = await call('GET', '/v1/tenant', undefined, {
      ...admin,
      'x-tenant': 'orebro',
    } as never);
    expect(asAdmin.json().slug).toBe('orebro');
    expect((await call('GET', '/v1/tenant')).statusCode).toBe(400);
    expect(
      (await call('GET', '/v1/tenant', undefined, { ...admin, 'x-tenant': 'atlantis' } as never))
        .statusCode,
    ).toBe(404);
  });

  it('records when a key was last used, at most once a minute', async () => {
    const key = await testKey(database.db, clock, 'reader', 'orebro');
    const lastUsed = async () =>
      (
        await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id))
      )[0]?.lastUsedAt?.toISOString() ?? null;
    const start = clock.now();
    await call('GET', '/v1/tenant', undefined, key.headers);
    await vi.waitFor(async () => expect(await lastUsed()).toBe(start.toISOString()));
    clock.set(new Date(start.getTime() + 30_000));
    await call('GET', '/v1/tenant', undefined, key.headers);
    // An absence cannot be waited for: give a write that should not happen time to land.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await lastUsed()).toBe(start.toISOString());
    clock.set(new Date(start.getTime() + 61_000));
    await call('GET', '/v1/tenant', undefined, key.headers);
    await vi.waitFor(async () => expect(await lastUsed()).toBe(clock.now().toISOString()));
    clock.set(start);
  });
});
