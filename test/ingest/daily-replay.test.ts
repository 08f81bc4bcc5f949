import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChanges, callDeadlines, calls, sourceRuns } from '../../src/db/schema/index.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { FtReplayServer } from '../helpers/ft-replay-server.js';
import {
  dailySnapshotDays,
  dailySnapshotFolder,
  deadlineDaysOf,
  identifierOf,
  meta,
  rawRecords,
} from '../helpers/raw-snapshots.js';
import { startReplayWorkers } from '../helpers/workers.js';

/** Distinct identifiers with a deadline on or after the day, computed from the raw files only. */
async function expectedOpenIdentifiers(day: string): Promise<Set<string>> {
  const records = await rawRecords(day);
  return new Set(
    records
      .filter((record) => deadlineDaysOf(record).some((date) => date >= day))
      .map(identifierOf),
  );
}

describe('replaying the recorded daily portal snapshots through the worker', () => {
  let database: TestDatabase;
  let server: FtReplayServer;
  let workers: Awaited<ReturnType<typeof startReplayWorkers>>;
  const days = dailySnapshotDays();
  const runs = new Map<string, number>();

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await new FtReplayServer().start();
    workers = await startReplayWorkers(database.db, server);
  });

  afterAll(async () => {
    await workers?.close();
    await server?.stop();
    await database?.drop();
  });

  it('has the series in the shared fixtures', () => {
    expect(days.length).toBeGreaterThanOrEqual(10);
    expect(days).toContain('2026-06-27');
  });

  it('turns one snapshot into exactly the open/forthcoming calls its deadlines allow', async () => {
    const first = days[0] as string;
    await server.serveSnapshot(dailySnapshotFolder(first));
    const run = await workers.poll(first);
    runs.set(first, run.id);
    expect(run.outcome).toBe('succeeded');
    const expected = await expectedOpenIdentifiers(first);
    const open = await database.db
      .select({ identifier: calls.identifier })
      .from(calls)
      .where(inArray(calls.status, ['open', 'forthcoming']));
    expect(open.length).toBe(expected.size);
    expect(new Set(open.map((row) => row.identifier))).toEqual(expected);
  });

  // A dozen polls through the worker, each with its follow-ups: more than one test's default
  // minute when the machine is busy with the other files.
  it('replays the rest of the series in date order', { timeout: 180_000 }, async () => {
    for (const day of days.slice(1)) {
      await server.serveSnapshot(dailySnapshotFolder(day));
      const run = await workers.poll(day);
      runs.set(day, run.id);
      expect(run.outcome, `${day}: ${run.problems.join('; ')}`).not.toBe('failed');
    }
    // The anomaly days are flagged for a person, not silently trusted.
    const anomaly = await database.db
      .select()
      .from(sourceRuns)
      .where(eq(sourceRuns.id, runs.get('2026-06-27') as number));
    expect(anomaly[0]?.outcome).toBe('degraded');
  });

  it('never stores an identifier twice', async () => {
    const [row] = await queryRows<{ total: number; distinct: number }>(
      database.db,
      sql`select count(*)::int as total, count(distinct identifier)::int as distinct from calls`,
    );
    expect(row?.total).toBe(row?.distinct);
    expect(row?.total).toBeGreaterThan(500);
  });

  it('shows as open only calls with a deadline on or after the last day', async () => {
    const lastDay = days[days.length - 1] as string;
    const stale = await queryRows<{ identifier: string }>(
      database.db,
      sql`
      select c.identifier from calls c
      where c.status in ('open', 'forthcoming')
        and not exists (select 1 from call_deadlines d where d.call_id = c.id and d.local_date >= ${lastDay})`,
    );
    expect(stale).toEqual([]);
  });

  it('keeps open every call the last snapshot shows open, even if paging dropped it earlier', async () => {
    const lastDay = days[days.length - 1] as string;
    const expected = await expectedOpenIdentifiers(lastDay);
    const rows = await database.db
      .select({ identifier: calls.identifier, status: calls.status })
      .from(calls)
      .where(inArray(calls.identifier, [...expected]));
    expect(rows.length).toBe(expected.size);
    expect(rows.filter((row) => row.status === 'closed')).toEqual([]);
  });

  it('never shows a call with only 2023–2024 deadlines as open', async () => {
    const rows = await queryRows<{ identifier: string }>(
      database.db,
      sql`
      select c.identifier from calls c
      where c.status <> 'closed'
        and not exists (select 1 from call_deadlines d where d.call_id = c.id and d.local_date >= '2025-01-01')`,
    );
    expect(rows).toEqual([]);
  });

  it('creates no new open call from the legacy records of the 2026-06-27 anomaly', async () => {
    const records = await rawRecords('2026-06-27');
    const current = new Set(
      records.filter((record) => meta(record, 'DATASOURCE')[0] === 'SEDIA').map(identifierOf),
    );
    const legacyOnly = new Set(
      records.map(identifierOf).filter((identifier) => !current.has(identifier)),
    );
    expect(legacyOnly.size).toBeGreaterThan(100);
    const stored = await database.db
      .select({ identifier: calls.identifier, status: calls.status })
      .from(calls)
      .where(inArray(calls.identifier, [...legacyOnly]));
    expect(stored.filter((row) => row.status !== 'closed')).toEqual([]);
  });

  it('records the deadline changes the raw files show between two weekly snapshots', async () => {
    const [before, after] = ['2026-05-07', '2026-05-14'];
    const deadlinesOn = async (day: string) => {
      const map = new Map<string, string>();
      for (const record of await rawRecords(day)) {
        if (meta(record, 'DATASOURCE')[0] !== 'SEDIA') continue;
        map.set(identifierOf(record), [...new Set(meta(record, 'deadlineDate'))].sort().join(','));
      }
      return map;
    };
    const old = await deadlinesOn(before);
    const next = await deadlinesOn(after);
    const moved = [...next]
      .filter(([id, dates]) => old.has(id) && old.get(id) !== dates)
      .map(([id]) => id);
    const same = [...next].filter(([id, dates]) => old.get(id) === dates).map(([id]) => id);
    expect(moved.length).toBeGreaterThan(0);
    const changed = await database.db
      .select({ identifier: calls.identifier, newValue: callChanges.newValue })
      .from(callChanges)
      .innerJoin(calls, eq(calls.id, callChanges.callId))
      .where(
        and(
          eq(callChanges.kind, 'deadline'),
          eq(callChanges.sourceRunId, runs.get(after) as number),
        ),
      );
    const changedIds = new Set(changed.map((row) => row.identifier));
    expect([...moved].sort()).toEqual([...changedIds].sort());
    for (const row of changed) {
      const recordedDays = (row.newValue as string[]).map((iso) => iso.slice(0, 10));
      const rawDays = (next.get(row.identifier) ?? '')
        .split(',')
        .map((value) => value.slice(0, 10));
      expect(recordedDays).toEqual(rawDays);
    }
    expect(same.some((id) => changedIds.has(id))).toBe(false);
    // Deadlines in the table follow the change.
    const sample = moved[0] as string;
    const stored = await database.db
      .select({ localDate: callDeadlines.localDate })
      .from(callDeadlines)
      .innerJoin(calls, eq(calls.id, callDeadlines.callId))
      .where(eq(calls.identifier, sample));
    expect(stored.length).toBeGreaterThan(0);
  });
});
