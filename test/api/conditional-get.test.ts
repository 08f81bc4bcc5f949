import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from '../../src/http/conditional-get.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';

describe('ETag and 304 Not Modified on /v1 GETs', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(startOfLocalDay('2026-06-25', BRUSSELS));

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, '2026-06-25');
    app = await buildTestApp({ db: database.db, clock });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  it('tags every answer and says 304 with no body when the client holds it', async () => {
    const first = await get('/v1/calls?limit=5');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    // The same data gives the same tag; another page another.
    expect((await get('/v1/calls?limit=5')).headers.etag).toBe(etag);
    expect((await get('/v1/calls?limit=6')).headers.etag).not.toBe(etag);

    for (const field of [etag, `W/${etag}`, `"stale", ${etag}`, '*', ` ${etag} ,"other"`]) {
      const cached = await get('/v1/calls?limit=5', { 'if-none-match': field });
      expect(cached.statusCode, field).toBe(304);
      expect(cached.body, field).toBe('');
      expect(cached.headers['content-length'], field).toBeUndefined();
      expect(cached.headers.etag, field).toBe(etag);
    }
  });

  it('says 304 to a HEAD as well (found by the fuzz test: it was a 500)', async () => {
    const etag = String((await get('/v1/sources')).headers.etag);
    for (const field of [etag, '*']) {
      const head = await app.inject({
        method: 'HEAD',
        url: '/v1/sources',
        headers: { 'if-none-match': field },
      });
      expect(head.statusCode, field).toBe(304);
      expect(head.body).toBe('');
    }
  });

  it('answers in full for stale, foreign and malformed tags', async () => {
    const etag = String((await get('/v1/calls?limit=5')).headers.etag);
    const foreign = String((await get('/v1/sources')).headers.etag);
    for (const field of [
      '"stale"',
      foreign,
      etag.slice(1, -1),
      `${etag}garbage`,
      'W/',
      '""',
      `"a" "b"`,
    ]) {
      const response = await get('/v1/calls?limit=5', { 'if-none-match': field });
      expect(response.statusCode, field).toBe(200);
      expect(response.json().items).toHaveLength(5);
    }
  });

  it('tags a call detail, and a change of the data changes the tag', async () => {
    const [call] = (await get('/v1/calls?limit=1')).json().items as Array<{ id: string }>;
    const detail = await get(`/v1/calls/${call?.id}`);
    const etag = String(detail.headers.etag);
    expect((await get(`/v1/calls/${call?.id}`, { 'if-none-match': etag })).statusCode).toBe(304);
    // Weeks later the call's days left and status differ: the old tag no longer holds.
    clock.set(new Date(clock.now().getTime() + 60 * 24 * 3600 * 1000));
    const later = await get(`/v1/calls/${call?.id}`, { 'if-none-match': etag });
    expect(later.statusCode).toBe(200);
    expect(later.headers.etag).not.toBe(etag);
  });

  it('lets shared caches keep public call data briefly, and only the caller a keyed answer', async () => {
    const anonymous = await get('/v1/calls?limit=5');
    expect(anonymous.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL);
    expect(String(anonymous.headers.vary)).toMatch(/Authorization/);
    expect(String(anonymous.headers.vary)).toMatch(/Accept-Language/);

    const key = await testKey(database.db, clock, 'admin');
    const keyed = await get('/v1/calls?limit=5', key.headers);
    expect(keyed.headers['cache-control']).toBe(PRIVATE_CACHE_CONTROL);
    expect(keyed.headers.etag).toEqual(expect.any(String));
  });

  it('tags nothing outside /v1, nor a failed request', async () => {
    expect((await get('/health')).headers.etag).toBeUndefined();
    const failed = await get('/v1/calls?limit=abc');
    expect(failed.statusCode).toBe(400);
    expect(failed.headers.etag).toBeUndefined();
  });
});
