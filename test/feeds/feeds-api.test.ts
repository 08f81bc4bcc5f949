import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { feeds } from '../../src/db/schema/index.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const BASE = 'https://radar.example.org';

describe('managing feeds: POST, GET and DELETE /v1/feeds', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(new Date('2026-06-25T08:00:00Z'));
  let keys: Record<'coordinator' | 'reader' | 'otherCoordinator' | 'admin', Record<string, string>>;
  let departmentKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const examples = await exampleProfiles();
    for (const { slug, profile } of examples)
      await importProfile(database.db, slug, profile, clock);
    departmentKey = examples.find((e) => e.slug === 'lidingo')?.profile.departments[0]?.key ?? '';
    app = await buildTestApp({ db: database.db, clock, api: { publicBaseUrl: BASE } });
    keys = {
      coordinator: (await testKey(database.db, clock, 'coordinator', 'lidingo')).headers,
      reader: (await testKey(database.db, clock, 'reader', 'lidingo')).headers,
      otherCoordinator: (await testKey(database.db, clock, 'coordinator', 'orebro')).headers,
      admin: { ...(await testKey(database.db, clock, 'admin')).headers, 'x-tenant': 'lidingo' },
    };
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const create = (headers: Record<string, string>, department = departmentKey) =>
    app.inject({ method: 'POST', url: '/v1/feeds', headers, payload: { department } });
  const list = (headers: Record<string, string>, query = '') =>
    app.inject({ method: 'GET', url: `/v1/feeds${query}`, headers });
  const revoke = (headers: Record<string, string>, id: string) =>
    app.inject({ method: 'DELETE', url: `/v1/feeds/${id}`, headers });

  it('creates a feed: its id, token and three absolute URLs, exactly', async () => {
    const response = await create(keys.coordinator);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['id', 'token', 'urls']);
    expect(Object.keys(body.urls).sort()).toEqual(['atom', 'ics', 'json']);
    expect(body.token).toMatch(/^crf_[A-Za-z0-9_-]{43}$/);
    for (const format of ['json', 'atom', 'ics'])
      expect(body.urls[format]).toBe(`${BASE}/v1/feeds/${body.token}/matches.${format}`);
    // The URLs work as given, without any header.
    for (const format of ['json', 'atom', 'ics']) {
      const feed = await app.inject({ method: 'GET', url: new URL(body.urls[format]).pathname });
      expect(feed.statusCode, format).toBe(200);
    }
  });

  it('stores only a hash of the token, and never lists the token', async () => {
    const { id, token } = (await create(keys.coordinator)).json();
    const [row] = await database.db.select().from(feeds).where(eq(feeds.id, id));
    expect(row?.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(token.startsWith(row?.prefix ?? '-')).toBe(true);
    const listed = await list(keys.reader, '?limit=100');
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(token);
    const item = listed.json().items.find((entry: { id: string }) => entry.id === id);
    expect(item).toEqual({
      id,
      department: departmentKey,
      prefix: row?.prefix,
      createdAt: clock.now().toISOString(),
      revokedAt: null,
    });
  });

  it('answers 404 for a department the tenant does not have', async () => {
    const response = await create(keys.coordinator, 'no-such-department');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('lets a reader list feeds but neither create nor revoke one (403)', async () => {
    const { id } = (await create(keys.coordinator)).json();
    expect((await list(keys.reader)).statusCode).toBe(200);
    expect((await create(keys.reader)).statusCode).toBe(403);
    expect((await revoke(keys.reader, id)).statusCode).toBe(403);
    const [row] = await database.db.select().from(feeds).where(eq(feeds.id, id));
    expect(row?.revokedAt).toBeNull();
    expect((await list({})).statusCode).toBe(401);
  });

  it('lets an admin key act for the tenant it names', async () => {
    const response = await create(keys.admin);
    expect(response.statusCode).toBe(201);
    const listed = (await list(keys.coordinator, '?limit=100')).json();
    expect(listed.items.map((item: { id: string }) => item.id)).toContain(response.json().id);
  });

  it("answers 404 when another tenant's coordinator revokes or lists a feed", async () => {
    const { id, token } = (await create(keys.coordinator)).json();
    expect((await revoke(keys.otherCoordinator, id)).statusCode).toBe(404);
    const theirs = (await list(keys.otherCoordinator, '?limit=100')).json();
    expect(theirs.items.map((item: { id: string }) => item.id)).not.toContain(id);
    const feed = await app.inject({ method: 'GET', url: `/v1/feeds/${token}/matches.json` });
    expect(feed.statusCode).toBe(200);
  });

  it('revokes a feed: 204, its URLs answer 404 like an unknown token, the list says when', async () => {
    const { id, token } = (await create(keys.coordinator)).json();
    clock.set(new Date(clock.now().getTime() + 60_000));
    expect((await revoke(keys.coordinator, id)).statusCode).toBe(204);
    const unknown = `crf_${'A'.repeat(43)}`;
    for (const format of ['json', 'atom', 'ics']) {
      const revoked = await app.inject({
        method: 'GET',
        url: `/v1/feeds/${token}/matches.${format}`,
      });
      const never = await app.inject({
        method: 'GET',
        url: `/v1/feeds/${unknown}/matches.${format}`,
      });
      expect([revoked.statusCode, never.statusCode], format).toEqual([404, 404]);
      expect(revoked.json().message).toBe(never.json().message);
    }
    const listed = (await list(keys.coordinator, '?limit=100')).json();
    const item = listed.items.find((entry: { id: string }) => entry.id === id);
    expect(item.revokedAt).toBe(clock.now().toISOString());
    // Revoking again changes nothing; an id nobody has is a 404.
    expect((await revoke(keys.coordinator, id)).statusCode).toBe(204);
    expect(
      (await revoke(keys.coordinator, '00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
  });

  it('pages the list with a cursor, without repeats or gaps', async () => {
    const all = (await list(keys.coordinator, '?limit=100')).json().items;
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(keys.coordinator, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((item: { id: string }) => item.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((item: { id: string }) => item.id));
    expect((await list(keys.coordinator, '?cursor=bm9wZQ')).statusCode).toBe(400);
  });
});
