import { gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenantApi, type TenantApiFixture } from '../helpers/tenant-api.js';

const GZIP = { 'accept-encoding': 'gzip, deflate, br' };

/**
 * The cached answers (call pages, match pages, feeds) go out gzipped to a client that
 * accepts it, with a tag of their own, and as they are to one that does not.
 */
describe('gzip on cached lists and feeds', () => {
  let fixture: TenantApiFixture;
  let feedToken: string;

  beforeAll(async () => {
    fixture = await seedTenantApi();
    const created = await fixture.app.inject({
      method: 'POST',
      url: '/v1/feeds',
      headers: fixture.keys.coordinator,
      payload: { department: 'executive' },
    });
    expect(created.statusCode).toBe(201);
    feedToken = created.json().token;
  }, 120_000);
  afterAll(async () => {
    await fixture?.app.close();
    await fixture?.database.drop();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    fixture.app.inject({ method: 'GET', url, headers: { ...fixture.keys.reader, ...headers } });

  const expectSameBodyGzipped = (plain: LightMyRequestResponse, zipped: LightMyRequestResponse) => {
    expect(plain.statusCode).toBe(200);
    expect(zipped.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    for (const response of [plain, zipped]) {
      expect(String(response.headers.vary)).toMatch(/accept-encoding/i);
      expect(response.headers['content-type']).toBe(plain.headers['content-type']);
    }
    // Two representations, two strong tags (RFC 9110 8.8.3.3).
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
  };

  it.each([
    ['calls', '/v1/calls?limit=50'],
    ['matches', '/v1/matches?department=executive&limit=50'],
  ])('gzips a %s page and says 304 to either tag it gave', async (_name, url) => {
    const plain = await get(url);
    const zipped = await get(url, GZIP);
    expectSameBodyGzipped(plain, zipped);
    const revalidated = await get(url, { ...GZIP, 'if-none-match': String(zipped.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    // The plain tag is not the gzip answer's: a client switching codings gets the bytes again.
    const switched = await get(url, { ...GZIP, 'if-none-match': String(plain.headers.etag) });
    expect(switched.statusCode).toBe(200);
    expect(switched.headers['content-encoding']).toBe('gzip');
  });

  it.each(['json', 'atom', 'ics'])('gzips the %s feed', async (format) => {
    const url = `/v1/feeds/${feedToken}/matches.${format}`;
    const plain = await fixture.app.inject({ method: 'GET', url });
    const zipped = await fixture.app.inject({ method: 'GET', url, headers: GZIP });
    expectSameBodyGzipped(plain, zipped);
    // The feed keeps its own cache lifetime for calendar apps.
    expect(zipped.headers['cache-control']).toBe(plain.headers['cache-control']);
  });

  it('sends the bytes as they are when gzip is refused or the body is tiny', async () => {
    const url = '/v1/calls?limit=50';
    for (const refusal of ['gzip;q=0', 'identity', 'br', 'x-unknown']) {
      const answer = await get(url, { 'accept-encoding': refusal });
      expect(answer.headers['content-encoding'], refusal).toBeUndefined();
      expect(() => JSON.parse(answer.body), refusal).not.toThrow();
    }
    // An empty page (a search nothing matches) is under the size gzip is worth it for.
    const empty = await get('/v1/calls?limit=5&q=zzzzzzzznothing', GZIP);
    expect(empty.statusCode).toBe(200);
    expect(empty.json().items).toEqual([]);
    expect(empty.headers['content-encoding']).toBeUndefined();
  });
});
