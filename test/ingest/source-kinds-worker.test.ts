import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import { and, count, eq, max, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChanges, calls, sources } from '../../src/db/schema/index.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { FtReplayServer } from '../helpers/ft-replay-server.js';
import { type PageServer, startPageServer } from '../helpers/page-server.js';
import { fixturePath } from '../helpers/shared.js';
import { startReplayWorkers } from '../helpers/workers.js';

const HTML = 'text/html; charset=utf-8';
const LISTING_PATH = '/en/calls';
const listingHtml = readFileSync(
  fixturePath('sources', 'euro-access', 'calls-listing.html'),
  'utf8',
);

/** The recorded listing with its links pointed at the local server. */
function listingAt(origin: string): string {
  return listingHtml.replaceAll('https://www.euro-access.eu', origin);
}

/** Rows of the recorded listing, counted from the file. */
const recordedRows = load(listingHtml)('table#calls-overview tbody tr').length;

/**
 * A source of another kind than the portal (Euro-Access, from its recorded listing on a
 * local server) through the real worker: BullMQ on Redis, the production processors, the
 * guarded HTTP client. What lands, what a 304 writes, what a changed page records, what a
 * broken layout does, and a redirect to an internal address.
 */
describe('a Euro-Access source polled by the worker', () => {
  let database: TestDatabase;
  let portal: FtReplayServer;
  let site: PageServer;
  let workers: Awaited<ReturnType<typeof startReplayWorkers>>;
  // Before the recorded listing's first deadline (26.11.2025): every call is open or forthcoming.
  const clock = new ManualClock(new Date('2025-10-20T08:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase();
    portal = await new FtReplayServer().start();
    site = await startPageServer({ [LISTING_PATH]: { body: listingAt(''), contentType: HTML } });
    site.set(LISTING_PATH, { body: listingAt(site.origin), contentType: HTML });
    workers = await startReplayWorkers(database.db, portal, clock);
    await database.db.insert(sources).values({
      id: 'euro-access-local',
      kind: 'euro-access',
      name: 'Euro-Access',
      baseUrl: site.url(LISTING_PATH),
      schedule: '17 5 * * *',
      // Listing only: the detail pages are the kind's own tests' business.
      settings: { maxDetailPages: 0 },
    });
  });

  afterAll(async () => {
    await workers?.close();
    await site?.close();
    await portal?.stop();
    await database?.drop();
  });

  const callCount = async () =>
    (
      await database.db
        .select({ value: count() })
        .from(calls)
        .where(eq(calls.sourceId, 'euro-access-local'))
    )[0]?.value;
  const closedCount = async () =>
    (
      await database.db
        .select({ value: count() })
        .from(calls)
        .where(and(eq(calls.sourceId, 'euro-access-local'), eq(calls.status, 'closed')))
    )[0]?.value;
  const lastWrite = async () =>
    (
      await database.db
        .select({ updated: max(calls.updatedAt), seen: max(calls.lastSeenAt) })
        .from(calls)
    )[0];

  it('stores every listed call', async () => {
    const run = await workers.poll(undefined, 'euro-access-local');
    expect(run.outcome).toBe('succeeded');
    expect(run.counts.new).toBe(recordedRows);
    expect(await callCount()).toBe(recordedRows);
  });

  it('writes nothing when the listing answers 304', async () => {
    const before = await lastWrite();
    clock.set(new Date('2025-10-20T09:00:00Z'));
    const run = await workers.poll(undefined, 'euro-access-local');
    expect(site.requests.at(-1)?.headers['if-none-match']).toBeTruthy();
    expect(run.outcome).toBe('succeeded');
    expect(run.counts).toMatchObject({ new: 0, changed: 0, unchanged: 0, closed: 0 });
    expect(run.problems.join(' ')).toMatch(/HTTP 304/);
    expect(await lastWrite()).toEqual(before);
  });

  it('records a change on the page', async () => {
    const $ = load(listingAt(site.origin));
    const firstRow = $('table#calls-overview tbody tr').first();
    const deadlineCell = firstRow.find('td').eq(2);
    const before = deadlineCell.text().trim();
    deadlineCell.text('30.04.2026 17:00');
    site.set(LISTING_PATH, { body: $.html(), contentType: HTML });
    // The same day: no recorded deadline passes between the polls, only the edited one moves.
    clock.set(new Date('2025-10-20T10:00:00Z'));
    const run = await workers.poll(undefined, 'euro-access-local');
    expect(before).not.toBe('30.04.2026 17:00');
    expect(run.counts.changed).toBe(1);
    const changes = await database.db
      .select({ kind: callChanges.kind, newValue: callChanges.newValue })
      .from(callChanges)
      .where(eq(callChanges.sourceRunId, run.id));
    expect(changes.map((change) => change.kind)).toEqual(['deadline']);
  });

  it('marks the source degraded and closes nothing when the layout changes', async () => {
    site.set(LISTING_PATH, {
      body: '<html><body><h3>Search for Funding</h3><div class="cards"></div></body></html>',
      contentType: HTML,
    });
    const closedBefore = await closedCount();
    // More polls than absence needs to close a call: none of them counts.
    for (const hour of ['11', '12', '13', '14']) {
      clock.set(new Date(`2025-10-20T${hour}:00:00Z`));
      const run = await workers.poll(undefined, 'euro-access-local');
      expect(run.outcome).toBe('degraded');
    }
    const [source] = await database.db
      .select()
      .from(sources)
      .where(eq(sources.id, 'euro-access-local'));
    expect(source?.health).toBe('degraded');
    expect(source?.healthReason).toMatch(/no calls/);
    expect(await closedCount()).toBe(closedBefore);
    expect(await callCount()).toBe(recordedRows);
  });

  it('refuses a redirect to an internal address', async () => {
    site.set('/moved', {
      body: '',
      contentType: HTML,
      redirectTo: 'http://169.254.169.254/latest/meta-data/',
    });
    await database.db.insert(sources).values({
      id: 'moved-site',
      kind: 'euro-access',
      name: 'A programme site that moved',
      baseUrl: site.url('/moved'),
      schedule: '17 5 * * *',
    });
    const run = await workers.poll(undefined, 'moved-site');
    expect(run.outcome).toBe('failed');
    expect(run.problems.join(' ')).toMatch(/169\.254\.169\.254 is not a public address/);
    const stored = await database.db
      .select({ value: count() })
      .from(calls)
      .where(ne(calls.sourceId, 'euro-access-local'));
    expect(stored[0]?.value).toBe(0);
  });
});
