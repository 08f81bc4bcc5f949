import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { FtReplayServer } from '../helpers/ft-replay-server.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';
import { startReplayWorkers } from '../helpers/workers.js';

const DAY = '2026-06-27';
const DAY_MS = 86_400_000;

/**
 * The worker path: the scheduled sweep job, and every matching job, bring stored statuses up
 * to the workers' clock with no poll in between.
 */
describe('status sweeps in the workers', () => {
  let database: TestDatabase;
  let server: FtReplayServer;
  let workers: Awaited<ReturnType<typeof startReplayWorkers>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await new FtReplayServer().start();
    workers = await startReplayWorkers(database.db, server);
    const lidingo = (await exampleProfiles()).find((entry) => entry.slug === 'lidingo');
    await importProfile(database.db, 'lidingo', lidingo?.profile as never, workers.clock);
    await server.serveSnapshot(dailySnapshotFolder(DAY));
    await workers.poll(DAY);
    await workers.drained();
  });

  afterAll(async () => {
    await workers?.close();
    await server?.stop();
    await database?.drop();
  });

  /** Calls not closed although every one of their deadlines is before `at`. */
  const overtaken = async (at: Date) =>
    queryRows<{ id: string }>(
      database.db,
      sql`select c.id from calls c where c.status <> 'closed'
          and exists (select 1 from call_deadlines d where d.call_id = c.id)
          and not exists (select 1 from call_deadlines d where d.call_id = c.id
                          and d.deadline_at >= ${at.toISOString()}::timestamptz)`,
    );
  const matchedAmong = async (ids: string[]) =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from matches where call_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      )
    )[0]?.n ?? 0;

  it('closes overtaken calls in the scheduled advance-statuses job', async () => {
    const later = new Date(workers.clock.now().getTime() + 120 * DAY_MS);
    const due = await overtaken(later);
    expect(due.length).toBeGreaterThan(0);
    expect(await matchedAmong(due.map((row) => row.id))).toBeGreaterThan(0);
    workers.clock.set(later);
    await workers.producer.enqueue('sources', 'advance-statuses', {});
    await workers.drained();
    expect(await overtaken(later)).toEqual([]);
    expect(await matchedAmong(due.map((row) => row.id))).toBe(0);
    const [changes] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from call_changes
          where source_run_id is null and kind = 'status' and new_value = '"closed"'::jsonb
            and detected_at = ${later.toISOString()}::timestamptz`,
    );
    expect(changes?.n).toBe(due.length);
  });

  it('brings statuses up to the clock before a matching job matches', async () => {
    const later = new Date(workers.clock.now().getTime() + 60 * DAY_MS);
    const due = await overtaken(later);
    expect(due.length).toBeGreaterThan(0);
    workers.clock.set(later);
    await workers.producer.enqueue('matching', 'rematch-all', {});
    await workers.drained();
    expect(await overtaken(later)).toEqual([]);
  });
});
