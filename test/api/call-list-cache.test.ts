import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { buildTestApp } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';

interface Page {
  items: Array<{ id: string; status: string; nextDeadlineAt: string | null; updatedAt: string }>;
}

/**
 * The call list answers repeated searches from a per-process cache keyed by the data's
 * version: what it shows must still be what the database says right after a poll and right
 * after a deadline passes.
 */
describe('the call list cache', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(startOfLocalDay('2026-06-18', BRUSSELS));
  const list = async (target: FastifyInstance, url: string) => {
    const response = await target.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return response.json() as Page;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, '2026-06-18');
    app = await buildTestApp({ db: database.db, clock });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("shows a poll's changes on the next request", async () => {
    const url = '/v1/calls?limit=100&sort=-firstSeen';
    const before = await list(app, url);
    expect(await list(app, url)).toEqual(before);
    // The next day's poll adds and changes calls; the clock stays, so no sweep is involved.
    await ingestSnapshot(database.db, '2026-06-25');
    const after = await list(app, url);
    const uncached = await buildTestApp({ db: database.db, clock });
    try {
      expect(after).toEqual(await list(uncached, url));
    } finally {
      await uncached.close();
    }
    expect(after).not.toEqual(before);
  });

  it('never shows a call as open past its deadline, cached or not', async () => {
    const url = '/v1/calls?limit=50';
    const before = await list(app, url);
    const first = before.items.find((item) => item.nextDeadlineAt !== null);
    expect(first).toBeDefined();
    const passed = new Date(Date.parse(first?.nextDeadlineAt as string) + 1000);
    clock.set(passed);
    const after = await list(app, url);
    expect(after.items.map((item) => item.id)).not.toContain(first?.id);
    for (const item of after.items) {
      if (item.nextDeadlineAt) expect(Date.parse(item.nextDeadlineAt)).toBeGreaterThan(+passed);
    }
  });
});
