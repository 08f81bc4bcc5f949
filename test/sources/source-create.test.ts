import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, sources } from '../../src/db/schema/index.js';
import { runSourcePoll } from '../../src/ingest/run-poll.js';
import { livePollPlan } from '../../src/sources/live-poll.js';
import { buildTestApp, RecordingPokes, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { type PageServer, startPageServer } from '../helpers/page-server.js';
import { fixturePath } from '../helpers/shared.js';
import { seedExampleTenants } from '../helpers/tenants.js';
import { silentLogger, testHttpClient } from '../helpers/workers.js';

const HTML = 'text/html; charset=utf-8';
const listingHtml = readFileSync(
  fixturePath('sources', 'euro-access', 'calls-listing.html'),
  'utf8',
);
const $ = load(listingHtml);
const rows = $('table#calls-overview tbody tr');
const firstTitle = rows.first().find('td').eq(1).find('a').text().trim();

/**
 * The generic html-list kind on a page it was not written for: Euro-Access's recorded
 * listing (a real page; the euro-access kind has its own parser, html-list knows nothing of
 * it), configured only through POST /v1/sources with selectors read off the page. Then the
 * test fetch's refusals, each naming what to fix.
 */
const euroAccessAsHtmlList = {
  kind: 'html-list',
  name: 'Euro-Access listing read as a plain list',
  settings: {
    item: 'table#calls-overview tbody tr',
    title: 'td:nth-child(2) a',
    link: 'td:nth-child(2) a',
    deadline: 'td:nth-child(3)',
    dateFormat: 'DD.MM.YYYY HH:mm',
    timeZone: 'Europe/Brussels',
  },
};

describe('POST /v1/sources', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let site: PageServer;
  const clock = new ManualClock(new Date('2025-10-20T08:00:00Z'));
  const pokes = new RecordingPokes();
  let admin: { authorization: string };
  let coordinator: { authorization: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    site = await startPageServer();
    site.set('/en/calls', {
      body: listingHtml.replaceAll('https://www.euro-access.eu', site.origin),
      contentType: HTML,
    });
    site.set('/moved', { body: '', contentType: HTML, redirectTo: 'http://10.0.0.1/calls' });
    app = await buildTestApp({
      db: database.db,
      clock,
      followUps: pokes,
      http: { allowedHosts: [site.host], minIntervalMs: 0, maxRetries: 0 },
    });
    admin = (await testKey(database.db, clock, 'admin')).headers;
    await seedExampleTenants(database.db, clock, ['lidingo']);
    coordinator = (await testKey(database.db, clock, 'coordinator', 'lidingo')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await site?.close();
    await database?.drop();
  });

  const post = (payload: object, headers = admin) =>
    app.inject({ method: 'POST', url: '/v1/sources', headers, payload });

  it('adds an html-list source after a test fetch that reads every row', async () => {
    const response = await post({ ...euroAccessAsHtmlList, baseUrl: site.url('/en/calls') });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      id: 'euro-access-listing-read-as-a-plain-list',
      kind: 'html-list',
      enabled: true,
      schedule: '17 5 * * *',
      testFetch: { calls: rows.length, withDeadline: rows.length },
    });
    expect(body.testFetch.sample[0].title).toBe(firstTitle);
    // 27.01.2026 17:00 in Brussels (CET).
    expect(body.testFetch.sample[0].deadline).toBe('2026-01-27T16:00:00.000Z');
    const outbox = await queryRows<{ job: string; payload: { sourceId?: string } }>(
      database.db,
      sql`select job, payload from job_outbox order by id`,
    );
    expect(outbox.map((row) => row.job)).toEqual(['reconcile-schedulers', 'poll-source']);
    expect(outbox[1]?.payload.sourceId).toBe(body.id);
    expect(pokes.count).toBeGreaterThan(0);
  });

  it('polls the saved source like any other', async () => {
    const [source] = await database.db
      .select()
      .from(sources)
      .where(eq(sources.id, 'euro-access-listing-read-as-a-plain-list'));
    if (!source) throw new Error('the source was not saved');
    const http = testHttpClient({ allowedHosts: [site.host] });
    try {
      const run = await runSourcePoll(
        { db: database.db, logger: silentLogger, clock },
        livePollPlan({ db: database.db, http, clock }, source, undefined),
      );
      expect(run.outcome).toBe('succeeded');
      expect(run.counts.new).toBe(rows.length);
    } finally {
      await http.close();
    }
    const stored = await database.db
      .select({ title: calls.title })
      .from(calls)
      .where(eq(calls.sourceId, source.id));
    expect(stored.map((row) => row.title)).toContain(firstTitle);
  });

  it('refuses settings that read nothing, naming the setting', async () => {
    const baseUrl = site.url('/en/calls');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ item: 'ul.calls > li' }, /^settings\.item: matched nothing/],
      [
        { deadline: 'td:nth-child(3)', dateFormat: 'YYYY-MM-DD' },
        /^settings\.deadline: no date parsed/,
      ],
      [{ title: undefined }, /^settings\.title: is required/],
      [{ item: 'tr[' }, /^settings\.item: /],
    ];
    for (const [change, message] of cases) {
      const settings = { ...euroAccessAsHtmlList.settings, ...change };
      const response = await post({ ...euroAccessAsHtmlList, baseUrl, settings, id: 'refused' });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(response.json().message).toMatch(message);
    }
    const saved = await database.db.select().from(sources).where(eq(sources.id, 'refused'));
    expect(saved).toEqual([]);
  });

  it('refuses kinds, URLs and schedules it cannot take', async () => {
    const baseUrl = site.url('/en/calls');
    const refused = [
      [{ ...euroAccessAsHtmlList, baseUrl, kind: 'ft-portal' }, /^kind: the EU portal is built in/],
      [{ ...euroAccessAsHtmlList, baseUrl, kind: 'sitemap' }, /^kind: "sitemap" is not a kind/],
      [{ ...euroAccessAsHtmlList, baseUrl: 'ftp://example.org/' }, /^baseUrl: must be an http/],
      [
        { ...euroAccessAsHtmlList, baseUrl, schedule: '* * * * *' },
        /^schedule: .* every 5 minutes/,
      ],
      [
        { ...euroAccessAsHtmlList, baseUrl: site.url('/moved') },
        /^baseUrl: .*10\.0\.0\.1 is not a public address/,
      ],
      [
        { ...euroAccessAsHtmlList, baseUrl: 'http://127.0.0.1:9/' },
        /^baseUrl: .*not a public address/,
      ],
      [
        { ...euroAccessAsHtmlList, baseUrl: site.url('/nowhere') },
        /^baseUrl: the test fetch failed: .*HTTP 404/,
      ],
    ] as const;
    for (const [payload, message] of refused) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().message).toMatch(message);
    }
  });

  it('is for admins only', async () => {
    const response = await post(
      { ...euroAccessAsHtmlList, baseUrl: site.url('/en/calls') },
      coordinator,
    );
    expect(response.statusCode).toBe(403);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/v1/sources',
      payload: { ...euroAccessAsHtmlList, baseUrl: site.url('/en/calls') },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses a second source with a taken id', async () => {
    const response = await post({
      ...euroAccessAsHtmlList,
      baseUrl: site.url('/en/calls'),
      id: 'euro-access-listing-read-as-a-plain-list',
    });
    expect(response.statusCode).toBe(409);
  });
});
