import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChanges, calls } from '../../src/db/schema/index.js';
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

  it('fills a thin record from its topic details, once', async () => {
    // No real topicDetails response is recorded (see fixtures/ft-portal/README.md); this body
    // has the documented shape: a TopicDetails object with an HTML description.
    server.topicDetails.set(
      THIN.toLowerCase(),
      JSON.stringify({
        TopicDetails: {
          identifier: THIN,
          description:
            '<p>Grants for <strong>European Youth Event</strong> village activities.</p><script>x()</script>',
          keywords: ['Youth', 'Democracy'],
        },
      }),
    );
    const run = await workers.poll('2026-05-07');
    expect(run.outcome).toBe('succeeded');
    const [call] = await database.db.select().from(calls).where(eq(calls.identifier, THIN));
    expect(call?.descriptionText).toBe('Grants for European Youth Event village activities.');
    expect(call?.descriptionHtml).toBe(
      '<p>Grants for <strong>European Youth Event</strong> village activities.</p>',
    );
    expect(call?.keywords).toEqual(['Youth', 'Democracy']);
    const detailRequests = server.requests.filter((request) =>
      request.path.includes('topicDetails'),
    );
    expect(detailRequests).toHaveLength(1);

    // Polled again, still thin at the source: the description stays, nothing is re-fetched.
    const again = await workers.poll('2026-05-07');
    const [after] = await database.db.select().from(calls).where(eq(calls.identifier, THIN));
    expect(after?.descriptionText).toBe(call?.descriptionText);
    expect(server.requests.filter((request) => request.path.includes('topicDetails'))).toHaveLength(
      1,
    );
    const changes = await database.db
      .select()
      .from(callChanges)
      .where(eq(callChanges.sourceRunId, again.id));
    expect(changes).toEqual([]);
  });
});
