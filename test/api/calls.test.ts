import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { buildTestApp } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';

interface Page {
  items: Array<{
    id: string;
    identifier: string;
    status: string;
    nextDeadlineAt: string | null;
    programme: { code: string | null };
    deadlines: Array<{ localDate: string }>;
    title: string;
  }>;
  nextCursor: string | null;
}

describe('calls and sources API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  // The API as of the day the last snapshot was derived for: what these tests read is that day.
  const clock = new ManualClock(startOfLocalDay('2026-06-25', BRUSSELS));

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const day of ['2026-06-18', '2026-06-25']) await ingestSnapshot(database.db, day);
    app = await buildTestApp({
      db: database.db,
      readinessChecks: [{ name: 'database', check: database.ping }],
      clock,
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };

  it('lists open and forthcoming calls by next deadline by default', async () => {
    const { status, body } = await get('/v1/calls?limit=100');
    expect(status).toBe(200);
    const page = body as Page;
    expect(page.items).toHaveLength(100);
    expect(
      page.items.every((item) => item.status === 'open' || item.status === 'forthcoming'),
    ).toBe(true);
    const deadlines = page.items.map((item) => item.nextDeadlineAt ?? '');
    expect(deadlines).toEqual([...deadlines].sort());
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('walks every page with the cursor, without repeats or gaps', async () => {
    for (const sort of ['deadline', '-deadline', '-firstSeen', 'title']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const { status, body } = await get(
          `/v1/calls?status=all&sort=${sort}&limit=37${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(status).toBe(200);
        const page = body as Page;
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      const [count] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from calls`,
      );
      expect(seen.length, sort).toBe(count?.n);
      expect(new Set(seen).size, sort).toBe(seen.length);
    }
  });

  it('filters by programme, deadline range, status and free text', async () => {
    const horizon = (await get('/v1/calls?programme=horizon&limit=100')).body as Page;
    expect(horizon.items.length).toBeGreaterThan(10);
    expect(horizon.items.every((item) => item.programme.code === 'HORIZON')).toBe(true);

    const september = (
      await get('/v1/calls?deadlineFrom=2026-09-01&deadlineTo=2026-09-30&limit=100')
    ).body as Page;
    expect(september.items.length).toBeGreaterThan(0);
    for (const item of september.items) {
      expect(
        item.deadlines.some((d) => d.localDate >= '2026-09-01' && d.localDate <= '2026-09-30'),
      ).toBe(true);
    }

    const closed = (await get('/v1/calls?status=closed&limit=100')).body as Page;
    expect(closed.items.length).toBeGreaterThan(0);
    expect(closed.items.every((item) => item.status === 'closed')).toBe(true);

    const twinning = (await get('/v1/calls?q=town%20twinning&status=all')).body as Page;
    expect(twinning.items.map((item) => item.identifier)).toContain('CERV-2026-CITIZENS-TOWN-TT');
  });

  it('shows one call with deadlines, links and its change history', async () => {
    const list = (await get('/v1/calls?q=town%20twinning')).body as Page;
    const id = list.items.find((item) => item.identifier === 'CERV-2026-CITIZENS-TOWN-TT')?.id;
    const { status, body } = await get(`/v1/calls/${id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      identifier: 'CERV-2026-CITIZENS-TOWN-TT',
      status: 'open',
      programme: { code: 'CERV' },
      deadlines: [{ stage: 1, localDate: '2026-09-23', timeZone: 'Europe/Brussels' }],
      budget: { total: 6_000_000, currency: 'EUR' },
    });
    expect(body.links[0].url).toContain('topic-details/CERV-2026-CITIZENS-TOWN-TT');
    expect(body.descriptionHtml).not.toContain('class=');
    expect(Array.isArray(body.changes)).toBe(true);
  });

  it('answers 404 and 400 with the error shape and a request id', async () => {
    const missing = await get('/v1/calls/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'No call with id 00000000-0000-4000-8000-000000000000',
      requestId: missing.headers['x-request-id'],
    });
    for (const [url, message] of [
      ['/v1/calls/not-a-uuid', /params\/id must match pattern/],
      ['/v1/calls?limit=0', /limit must be >= 1/],
      ['/v1/calls?status=archived', /status must match pattern/],
      ['/v1/calls?sort=popular', /sort/],
      ['/v1/calls?cursor=%%%', /cursor is not valid/],
      [
        '/v1/calls?deadlineFrom=2026-10-01&deadlineTo=2026-09-01',
        /deadlineFrom must not be after deadlineTo/,
      ],
      ['/v1/calls?colour=blue', /must NOT have additional properties/],
      ['/v1/calls?q=%00', /q must match pattern/],
      ['/v1/calls?programme=%00', /programme must match pattern/],
      ['/v1/calls?deadlineFrom=2026-02-30', /deadlineFrom 2026-02-30 is not a calendar date/],
      [
        `/v1/calls?cursor=${Buffer.from('["deadline","not-a-date","00000000-0000-4000-8000-000000000000"]').toString('base64url')}`,
        /cursor is not valid/,
      ],
      [
        `/v1/calls?cursor=${Buffer.from('["deadline","2026-01-01T00:00:00.000Z","nope"]').toString('base64url')}`,
        /cursor is not valid/,
      ],
    ] as const) {
      const response = await get(url);
      expect(response.status, url).toBe(400);
      expect(response.body.message, url).toMatch(message);
      expect(response.body.requestId, url).toEqual(expect.any(String));
    }
    const route = await get('/v2/nothing');
    expect(route.status).toBe(404);
    expect(route.body.message).toBe('No route for GET /v2/nothing');
  });

  it('rejects a cursor made for another sort order', async () => {
    const first = (await get('/v1/calls?sort=title&limit=5')).body as Page;
    const response = await get(`/v1/calls?sort=deadline&cursor=${first.nextCursor}`);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/sort=title/);
  });

  it('reports liveness, readiness, sources and the OpenAPI document', async () => {
    expect((await get('/health')).body).toEqual({ status: 'ok' });
    expect((await get('/ready')).body).toEqual({
      status: 'ready',
      checks: [{ name: 'database', ok: true }],
    });
    const sources = (await get('/v1/sources')).body;
    expect(sources.items.find((source: { id: string }) => source.id === 'ft-portal')).toMatchObject(
      {
        id: 'ft-portal',
        health: 'ok',
        lastRun: { outcome: 'succeeded', asOf: '2026-06-25' },
      },
    );
    const openapi = (await get('/docs/json')).body;
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/v1/calls', '/v1/calls/{id}', '/v1/sources', '/ready']),
    );
  });

  it('answers 503 from /ready when a dependency is down', async () => {
    const broken = await buildTestApp({
      db: database.db,
      readinessChecks: [
        { name: 'redis', check: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.1')) },
      ],
      clock,
    });
    const response = await broken.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'unavailable',
      checks: [{ name: 'redis', ok: false, error: 'Error' }],
    });
    await broken.close();
  });
});
