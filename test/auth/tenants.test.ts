import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, RecordingPokes, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { exampleProfile, seedExampleTenants } from '../helpers/tenants.js';

interface TenantBody {
  slug: string;
  name: string;
  profileVersion: number;
  areas: Array<{ key: string; name: string }>;
  departments: Array<{ key: string; name: string; language: string }>;
  [field: string]: unknown;
}

describe('tenants: GET /v1/tenant, GET/POST /v1/tenants, GET /v1/tenants/:slug', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(new Date('2026-06-25T08:00:00Z'));
  const pokes = new RecordingPokes();
  let admin: { authorization: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedExampleTenants(database.db, clock, ['lidingo', 'orebro', 'fredrikstad']);
    app = await buildTestApp({ db: database.db, clock, followUps: pokes });
    admin = (await testKey(database.db, clock, 'admin')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const outboxRows = () =>
    queryRows<{ queue: string; job: string; payload: { tenantId: string } }>(
      database.db,
      sql`select queue, job, payload from job_outbox order by id`,
    );

  it("shows a reader its tenant with the profile's areas and departments", async () => {
    const reader = await testKey(database.db, clock, 'reader', 'fredrikstad');
    const response = await app.inject({
      method: 'GET',
      url: '/v1/tenant',
      headers: reader.headers,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as TenantBody;
    const profile = await exampleProfile('fredrikstad');
    expect(Object.keys(body).sort()).toEqual(
      [
        'areas',
        'country',
        'createdAt',
        'departments',
        'languages',
        'name',
        'organisationType',
        'profileVersion',
        'slug',
        'timeZone',
        'updatedAt',
      ].sort(),
    );
    expect(body).toMatchObject({
      slug: 'fredrikstad',
      name: profile.tenant.name,
      country: profile.tenant.country,
      languages: profile.tenant.languages,
      timeZone: profile.tenant.timezone,
      organisationType: profile.tenant.organisationType,
      profileVersion: 1,
      createdAt: clock.now().toISOString(),
    });
    const byKey = <T extends { key: string }>(items: T[]) =>
      [...items].sort((a, b) => a.key.localeCompare(b.key));
    expect(body.areas).toEqual(byKey(profile.areas.map(({ key, name }) => ({ key, name }))));
    expect(body.departments).toEqual(
      byKey(profile.departments.map(({ key, name, language }) => ({ key, name, language }))),
    );
  });

  it('lists every tenant by slug, page by page', async () => {
    const [stored] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from tenants`,
    );
    const slugs: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await app.inject({
        method: 'GET',
        url: `/v1/tenants?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        headers: admin,
      });
      expect(response.statusCode).toBe(200);
      const page = response.json() as { items: TenantBody[]; nextCursor: string | null };
      slugs.push(...page.items.map((item) => item.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(slugs).toHaveLength(stored?.n ?? -1);
    expect(slugs).toEqual([...slugs].sort());
  });

  it('creates a tenant from a profile and queues its first match run with it', async () => {
    const before = pokes.count;
    const profile = await exampleProfile('alvesta');
    const response = await app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: admin,
      payload: { slug: 'alvesta', profile },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json() as TenantBody & { rematch: string };
    expect(body).toMatchObject({ slug: 'alvesta', name: profile.tenant.name, rematch: 'queued' });
    expect(body.areas.map((area) => area.key).sort()).toEqual(
      profile.areas.map((area) => area.key).sort(),
    );
    const [tenant] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from tenants where slug = 'alvesta'`,
    );
    expect(await outboxRows()).toContainEqual({
      queue: 'matching',
      job: 'rematch-tenant',
      payload: { tenantId: tenant?.id },
    });
    expect(pokes.count).toBe(before + 1);
    const fetched = await app.inject({ method: 'GET', url: '/v1/tenants/alvesta', headers: admin });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(
      Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'rematch')),
    );
  });

  it('409s a slug that exists, also when two creations race, and queues nothing for the loser', async () => {
    const profile = await exampleProfile('alvesta');
    const existing = await app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: admin,
      payload: { slug: 'lidingo', profile },
    });
    expect(existing.statusCode).toBe(409);
    const rowsBefore = (await outboxRows()).length;
    const racing = await Promise.all(
      [1, 2].map(() =>
        app.inject({
          method: 'POST',
          url: '/v1/tenants',
          headers: admin,
          payload: { slug: 'twin', profile },
        }),
      ),
    );
    expect(racing.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    expect((await outboxRows()).length).toBe(rowsBefore + 1);
  });

  it('rejects a bad profile naming the field, and 404s an unknown slug', async () => {
    const profile = await exampleProfile('alvesta');
    const broken = { ...profile, tenant: { ...profile.tenant, country: 'Sweden' } };
    const response = await app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: admin,
      payload: { slug: 'broken', profile: broken },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('tenant.country');
    const badSlug = await app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: admin,
      payload: { slug: 'Not A Slug', profile },
    });
    expect(badSlug.statusCode).toBe(400);
    const unknown = await app.inject({
      method: 'GET',
      url: '/v1/tenants/atlantis',
      headers: admin,
    });
    expect(unknown.statusCode).toBe(404);
  });
});
