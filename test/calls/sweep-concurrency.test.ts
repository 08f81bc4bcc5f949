import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';

const run = promisify(execFile);
const DAY = '2026-06-27';

/** Several workers sweep at the same moment: every move is made, and recorded, once. */
describe('status sweeps in concurrent processes', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, DAY);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('moves each overtaken call once when three processes sweep at once', async () => {
    const later = new Date(startOfLocalDay(DAY, BRUSSELS).getTime() + 150 * 86_400_000);
    const at = sql`${later.toISOString()}::timestamptz`;
    // Due: a next deadline passed, an opening came, or an undated call's year ran out.
    const [due] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from calls
          where status <> 'closed' and (next_deadline_at < ${at}
            or (status = 'forthcoming' and opening_at <= ${at})
            or (next_deadline_at is null and opening_at + interval '365 days' < ${at}))`,
    );
    // More than one batch, so the processes really interleave.
    expect(due?.n).toBeGreaterThan(200);
    const outcomes = await Promise.all(
      [1, 2, 3].map(() =>
        run('npx', ['tsx', 'test/helpers/sweep-process.ts', database.url, later.toISOString()]),
      ),
    );
    const advanced = outcomes.map(({ stdout }) => JSON.parse(stdout.trim()).advanced as number);
    const [changes] = await queryRows<{ calls: number; moves: number; rows: number }>(
      database.db,
      sql`select count(distinct call_id)::int as calls, count(distinct (call_id, kind))::int as moves,
            count(*)::int as rows
          from call_changes
          where source_run_id is null and detected_at = ${later.toISOString()}::timestamptz`,
    );
    const [left] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from calls
          where status <> 'closed' and next_deadline_at < ${later.toISOString()}::timestamptz`,
    );
    expect(left?.n).toBe(0);
    // Every due call moved, each by exactly one process, each move recorded once.
    expect(changes?.calls).toBe(due?.n);
    expect(advanced.reduce((sum, value) => sum + value, 0)).toBe(due?.n);
    expect(changes?.rows).toBe(changes?.moves);
  });
});
