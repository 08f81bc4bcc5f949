import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChanges, calls, sourceRuns } from '../../src/db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { FtReplayServer } from '../helpers/ft-replay-server.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';
import { startReplayWorkers } from '../helpers/workers.js';

// The one current topic of 2026-05-07 that arrives without a description.
const THIN = 'EP-COMM-SUBV-2026-EYE-VILLAGE';

describe('thin records and the SEDIA request shape', () => {
  let database: TestDatabase;
  let server: FtReplayServer;
  let workers: Awaited<ReturnType<typeof startReplayWorkers>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await new FtReplayServer().start();
    workers = await startReplayWorkers(database.db, server);
    await server.serveSnapshot(dailySnapshotFolder('2026-05-07'));
  });

  afterAll(async () => {
    await workers?.close();
    await server?.stop();
    await database?.drop();
  });

  it('rejects a search whose query is not a multipart JSON part, as the real API does', async () => {
    const url = `${server.searchUrl}?apiKey=SEDIA&text=***&pageSize=100&pageNumber=1`;
    const asJson = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ query: {} }),
      headers: { 'content-type': 'application/json' },
    });
    expect(asJson.status).toBe(400);
    const form = new FormData();
    form.append('query', '{"bool":{}}'); // a plain field, not a JSON blob
    form.append('languages', new Blob(['["en"]'], { type: 'application/json' }));
    const plainField = await fetch(url, { method: 'POST', body: form });
    expect(plainField.status).toBe(400);
    expect(await plainField.json()).toEqual({
      error: 'part "query" must be a JSON blob (application/json)',
    });
  });

  // No real topicDetails response is recorded (see fixtures/ft-portal/README.md); this body
  // has the documented shape: a TopicDetails object with an HTML description.
  const details = {
    identifier: THIN,
    description:
      '<p>Grants for <strong>European Youth Event</strong> village activities.</p><script>x()</script>',
    keywords: ['Youth', 'Democracy'],
    tags: ['European Youth Event', 'Participation'],
  };

  it('fills a thin record from its topic details, once', async () => {
    server.topicDetails.set(THIN.toLowerCase(), JSON.stringify({ TopicDetails: details }));
    const run = await workers.poll('2026-05-07');
    expect(run.outcome).toBe('succeeded');
    const [call] = await database.db.select().from(calls).where(eq(calls.identifier, THIN));
    expect(call?.descriptionText).toBe('Grants for European Youth Event village activities.');
    expect(call?.descriptionHtml).toBe(
      '<p>Grants for <strong>European Youth Event</strong> village activities.</p>',
    );
    expect(call?.keywords).toEqual(details.keywords);
    expect(call?.tags).toEqual(details.tags);
    expect(detailRequests()).toHaveLength(1);
    await workers.drained();
    expect(await workers.rematchedCallIds()).toContain(call?.id);
  });

  it('keeps everything the details gave on later polls of the still-thin record', async () => {
    const [filled] = await database.db.select().from(calls).where(eq(calls.identifier, THIN));
    const first = await database.db.select().from(sourceRuns).orderBy(sourceRuns.id).limit(1);
    const rematchedBefore = await workers.rematchedCallIds();
    for (const attempt of ['second', 'third']) {
      const again = await workers.poll('2026-05-07');
      await workers.drained();
      const [after] = await database.db.select().from(calls).where(eq(calls.identifier, THIN));
      expect(after?.descriptionHtml, attempt).toBe(filled?.descriptionHtml);
      expect(after?.keywords, attempt).toEqual(details.keywords);
      expect(after?.tags, attempt).toEqual(details.tags);
      expect(after?.contentHash, attempt).toBe(filled?.contentHash);
      // Unchanged, the thin call included: every call the first poll stored, none changed.
      expect(again.counts, attempt).toMatchObject({ new: 0, changed: 0 });
      expect(again.counts.unchanged, attempt).toBe(first[0]?.counts.new);
      const changes = await database.db
        .select()
        .from(callChanges)
        .where(eq(callChanges.sourceRunId, again.id));
      expect(changes, attempt).toEqual([]);
    }
    // Nothing re-queued for matching, and the details were not asked for again.
    expect(await workers.rematchedCallIds()).toEqual(rematchedBefore);
    expect(detailRequests()).toHaveLength(1);
  });

  const detailRequests = () =>
    server.requests.filter((request) => request.path.includes('topicDetails'));
});
