import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calls, sources } from '../../src/db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { type Fault, FtReplayServer } from '../helpers/ft-replay-server.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';
import { startReplayWorkers } from '../helpers/workers.js';

/** A broken poll must leave every call as it was: none closed, none deleted, none missed. */
describe('a poll that goes wrong', () => {
  let database: TestDatabase;
  let server: FtReplayServer;
  let workers: Awaited<ReturnType<typeof startReplayWorkers>>;
  let baseline: Array<{ id: string; status: string; missedPolls: number }>;

  const snapshotState = () =>
    database.db
      .select({ id: calls.id, status: calls.status, missedPolls: calls.missedPolls })
      .from(calls)
      .orderBy(calls.id);
  const health = async () =>
    (await database.db.select().from(sources).where(eq(sources.id, 'ft-portal')))[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await new FtReplayServer().start();
    workers = await startReplayWorkers(database.db, server);
    await server.serveSnapshot(dailySnapshotFolder('2026-05-07'));
    const first = await workers.poll('2026-05-07');
    expect(first.outcome).toBe('succeeded');
    // The poll's follow-up work (matching, as of that day) is part of the state compared.
    await workers.drained();
    baseline = await snapshotState();
    expect(baseline.filter((call) => call.status === 'open').length).toBeGreaterThan(250);
  });

  beforeEach(() => {
    server.fault = null;
  });

  afterAll(async () => {
    await workers?.close();
    await server?.stop();
    await database?.drop();
  });

  const failures: Array<[string, Fault & { onPage?: number }, RegExp]> = [
    ['HTTP 500 on every attempt', { kind: 'status', status: 500 }, /answered HTTP 500/],
    ['a timeout', { kind: 'hang', onPage: 2 }, /did not answer within/],
    ['a truncated JSON body', { kind: 'truncate', onPage: 3 }, /not valid JSON/],
  ];
  for (const [name, fault, problem] of failures) {
    it(`records ${name} as a failed run and changes no call`, async () => {
      server.fault = fault;
      const run = await workers.poll('2026-05-14');
      expect(run.outcome).toBe('failed');
      expect(run.problems.join(' ')).toMatch(problem);
      expect(await snapshotState()).toEqual(baseline);
      expect((await health())?.health).toBe('failing');
    });
  }

  it('retries a 500 before giving up (the client does, not the job)', async () => {
    const before = server.requests.length;
    server.fault = { kind: 'status', status: 503 };
    await workers.poll('2026-05-14');
    const attempts = server.requests.slice(before).filter((request) => request.status === 503);
    expect(attempts.length).toBe(3); // first try + HTTP_MAX_RETRIES (2 in tests)
  });

  it('stores an empty result page as degraded, closing nothing', async () => {
    server.fault = { kind: 'empty' };
    // Same day as the baseline, so no deadline passes in between: any change would be the poll's.
    const run = await workers.poll('2026-05-07');
    expect(run.outcome).toBe('degraded');
    expect(run.problems.join(' ')).toMatch(/no calls|came back empty/);
    expect(await snapshotState()).toEqual(baseline);
    expect((await health())?.health).toBe('degraded');
  });

  it('does not count absence from a poll with an empty page in the middle', async () => {
    server.fault = { kind: 'empty', onPage: 3 };
    const run = await workers.poll('2026-05-07');
    expect(run.outcome).toBe('degraded');
    const missed = await database.db
      .select({ value: count() })
      .from(calls)
      .where(inArray(calls.missedPolls, [1, 2, 3]));
    expect(missed[0]?.value).toBe(0);
  });

  it('recovers on the next good poll', async () => {
    await server.serveSnapshot(dailySnapshotFolder('2026-05-14'));
    const run = await workers.poll('2026-05-14');
    expect(run.outcome).toBe('succeeded');
    expect(run.counts.new + run.counts.changed + run.counts.unchanged).toBeGreaterThan(500);
    expect((await health())?.health).toBe('ok');
    const [total] = await database.db.select({ value: count() }).from(calls);
    expect(total?.value).toBeGreaterThanOrEqual(baseline.length);
  });
});
