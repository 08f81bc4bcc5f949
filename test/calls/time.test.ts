import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf, startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { callChanges, matches } from '../../src/db/schema/index.js';
import { createMatchingDeps, rematchTenants } from '../../src/matching/service.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';
import { deadlineDaysOf, identifierOf, rawRecords } from '../helpers/raw-snapshots.js';
import { silentLogger } from '../helpers/workers.js';

const DAY = '2026-06-27';
const replayNow = startOfLocalDay(DAY, BRUSSELS);
const MINUTE = 60_000;

interface Summary {
  id: string;
  identifier: string;
  status: string;
  closedReason: string | null;
  nextDeadlineAt: string | null;
  deadlines: Array<{ stage: number; deadlineAt: string }>;
}

interface Detail extends Summary {
  changes: Array<{ kind: string; oldValue: unknown; newValue: unknown; detectedAt: string }>;
}

/**
 * Time passes without a poll: after replaying one day, the clock alone moves calls on, and
 * the API, the matches and the change history all show it.
 */
describe('statuses follow the clock, with no poll', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(replayNow);

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, DAY);
    for (const { slug, profile } of await exampleProfiles())
      await importProfile(database.db, slug, profile, clock);
    await rematchTenants(createMatchingDeps(database.db, silentLogger), { now: replayNow });
    app = await buildTestApp({ db: database.db, clock });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const get = async <T>(url: string): Promise<T> => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode, url).toBe(200);
    return response.json() as T;
  };

  /** Every call the default listing (open and forthcoming) shows, all pages. */
  const listed = async (): Promise<Summary[]> => {
    const items: Summary[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Summary[]; nextCursor: string | null } = await get(
        `/v1/calls?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  const matchesOf = async (callId: string) =>
    (await database.db.select().from(matches).where(eq(matches.callId, callId))).length;

  const sweepChanges = (callId: string) =>
    database.db
      .select()
      .from(callChanges)
      .where(and(eq(callChanges.callId, callId), isNull(callChanges.sourceRunId)));

  it('closes, opens and moves calls on as the clock passes their dates', async () => {
    // The calls come from what the replay stored: the matched open call that closes first,
    // the forthcoming call that opens first, the two-stage call whose first stage ends first.
    const [closing] = await queryRows<{ id: string; last: string }>(
      database.db,
      sql`select c.id, max(d.deadline_at) as last from calls c
          join call_deadlines d on d.call_id = c.id
          where c.status = 'open' and exists (select 1 from matches m where m.call_id = c.id)
          group by c.id order by max(d.deadline_at), c.id limit 1`,
    );
    const [opening] = await queryRows<{ id: string; opening_at: string }>(
      database.db,
      sql`select id, opening_at from calls where status = 'forthcoming'
          order by opening_at, id limit 1`,
    );
    const [twoStage] = await queryRows<{ id: string; first: string; second: string }>(
      database.db,
      sql`select c.id, min(d.deadline_at) as first, max(d.deadline_at) as second from calls c
          join call_deadlines d on d.call_id = c.id
          where c.status in ('open', 'forthcoming')
          group by c.id having count(*) = 2 and min(d.deadline_at) = min(c.next_deadline_at)
          order by min(d.deadline_at), c.id limit 1`,
    );
    if (!closing || !opening || !twoStage) throw new Error('the replay lacks a call to follow');
    const closingId = closing.id;
    expect(await matchesOf(closingId)).toBeGreaterThan(0);
    const before = new Set((await listed()).map((item) => item.id));
    expect(before).toContain(closingId);
    expect(before).toContain(opening.id);
    expect(before).toContain(twoStage.id);

    const events = [
      { kind: 'close', id: closingId, at: new Date(new Date(closing.last).getTime() + MINUTE) },
      {
        kind: 'open',
        id: opening.id,
        at: new Date(new Date(opening.opening_at).getTime() + MINUTE),
      },
      { kind: 'stage', id: twoStage.id, at: new Date(new Date(twoStage.first).getTime() + MINUTE) },
    ].sort((a, b) => a.at.getTime() - b.at.getTime());

    for (const event of events) {
      clock.set(event.at);
      const items = await listed();
      // Nothing listed has every deadline behind the clock.
      for (const item of items) {
        if (item.deadlines.length === 0) continue;
        expect(
          item.deadlines.some((deadline) => new Date(deadline.deadlineAt) >= event.at),
          item.identifier,
        ).toBe(true);
        if (item.nextDeadlineAt) expect(new Date(item.nextDeadlineAt) >= event.at).toBe(true);
      }
      const detail = await get<Detail>(`/v1/calls/${event.id}`);
      const changes = await sweepChanges(event.id);
      const at = event.at.toISOString();
      if (event.kind === 'close') {
        expect(items.map((item) => item.id)).not.toContain(event.id);
        expect(detail).toMatchObject({ status: 'closed', closedReason: 'deadline-passed' });
        expect(await matchesOf(event.id)).toBe(0);
        expect(changes.map((row) => [row.kind, row.oldValue, row.newValue])).toEqual([
          ['status', 'open', 'closed'],
        ]);
      } else if (event.kind === 'open') {
        expect(items.map((item) => item.id)).toContain(event.id);
        expect(detail.status).toBe('open');
        expect(changes.map((row) => [row.kind, row.oldValue, row.newValue])).toEqual([
          ['status', 'forthcoming', 'open'],
        ]);
      } else {
        const second = new Date(twoStage.second).toISOString();
        expect(new Date(second).getTime()).toBeGreaterThan(event.at.getTime());
        expect(detail).toMatchObject({ status: 'open', nextDeadlineAt: second });
        expect(changes.map((row) => [row.kind, row.oldValue, row.newValue])).toContainEqual([
          'next-deadline',
          new Date(twoStage.first).toISOString(),
          second,
        ]);
      }
      expect(changes.every((row) => row.detectedAt.toISOString() === at)).toBe(true);
      expect(detail.changes.map((change) => change.detectedAt)).toContain(at);
    }

    // No match is left on a call closed as of the clock, and reading again records nothing new.
    const stale = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from matches m join calls c on c.id = m.call_id
          where c.status = 'closed'`,
    );
    expect(stale[0]?.n).toBe(0);
    const [recorded] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from call_changes where source_run_id is null`,
    );
    await listed();
    const [again] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from call_changes where source_run_id is null`,
    );
    expect(again?.n).toBe(recorded?.n);
  });

  it('matches as of its own now, not the stored status, when no sweep ran yet', async () => {
    // Four months after the replayed day, with no read or sweep since: stored statuses lag
    // behind, matching must not.
    const later = new Date(replayNow.getTime() + 120 * 86_400_000);
    expect(later.getTime()).toBeGreaterThan(clock.now().getTime());
    const passed = await queryRows<{ id: string }>(
      database.db,
      sql`select c.id from calls c where c.status <> 'closed'
          and exists (select 1 from matches m where m.call_id = c.id)
          and not exists (select 1 from call_deadlines d where d.call_id = c.id and d.deadline_at >= ${later.toISOString()}::timestamptz)
          and exists (select 1 from call_deadlines d where d.call_id = c.id)`,
    );
    expect(passed.length).toBeGreaterThan(0);
    await rematchTenants(createMatchingDeps(database.db, silentLogger), { now: later });
    const left = await database.db
      .select()
      .from(matches)
      .where(
        inArray(
          matches.callId,
          passed.map((row) => row.id),
        ),
      );
    expect(left).toEqual([]);
  });

  it('after a replay, lists no call whose every deadline is past as of now', async () => {
    clock.set(new Date());
    const today = localDateOf(clock.now(), BRUSSELS);
    const datesById = new Map<string, string[]>();
    for (const record of await rawRecords(DAY)) {
      const id = identifierOf(record);
      datesById.set(id, [...(datesById.get(id) ?? []), ...deadlineDaysOf(record)]);
    }
    const items = await listed();
    const pastOnly = items.filter((item) => {
      const dates = datesById.get(item.identifier) ?? [];
      return dates.length > 0 && dates.every((date) => date < today);
    });
    expect(pastOnly.map((item) => item.identifier)).toEqual([]);
    // And every call the raw records date after today is still there.
    const ahead = [...datesById]
      .filter(([, dates]) => dates.some((date) => date > today))
      .map(([id]) => id);
    const listedIds = new Set(items.map((item) => item.identifier));
    expect(ahead.filter((id) => !listedIds.has(id))).toEqual([]);
  });
});
