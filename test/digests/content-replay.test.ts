import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestContent, ShownSnapshot } from '../../src/digests/content-types.js';
import { planDueDigests } from '../../src/digests/planner.js';
import { DEFAULT_DIGEST_MIN_SCORE, SECTION_LIMIT } from '../../src/digests/sections.js';
import { recordFeedback } from '../../src/matching/feedback-store.js';
import { queryRows } from '../helpers/database.js';
import { departmentId, type PlanningFixture, seedPlanning } from '../helpers/digest-planning.js';

/**
 * Two weekly snapshots replayed through ingest, matching and the planner: Lidingö's
 * education department's digests must list exactly what the stored matches, the stored
 * call_changes and the first digest's own rows say, computed here in SQL of the test's own.
 */
// The pair of recorded weeks in which education's calls changed: several forthcoming
// calls opened (the week before, 06-18 → 06-25, changed none of its calls).
const WEEK_1 = '2026-06-25';
const WEEK_2 = '2026-07-02';
const DAY_MS = 86_400_000;

interface Candidate {
  call_id: string;
  score: number;
  next_ms: number | null;
}

/** The department's open, unvetoed calls with their best weighted area score, as of `now`. */
function candidates(fixture: PlanningFixture, tenantId: string, now: Date) {
  return queryRows<Candidate>(
    fixture.database.db,
    sql`select m.call_id, max(m.score * a.weight) as score,
        (select (extract(epoch from min(d.deadline_at)) * 1000)::float8 from call_deadlines d
          where d.call_id = m.call_id and d.deadline_at >= ${now}) as next_ms
      from matches m join priority_areas a on a.id = m.area_id join calls c on c.id = m.call_id
      join departments dep on dep.tenant_id = m.tenant_id and dep.key = 'education'
      where m.tenant_id = ${tenantId} and a.key = any(dep.area_keys)
        and c.status in ('open', 'forthcoming')
        and (exists (select 1 from call_deadlines d where d.call_id = c.id and d.deadline_at >= ${now})
          or not exists (select 1 from call_deadlines d where d.call_id = c.id))
        and not exists (select 1 from match_feedback f join priority_areas fa on fa.id = f.area_id
          where f.tenant_id = m.tenant_id and f.call_id = m.call_id and fa.key = any(dep.area_keys)
            and f.verdict in ('muted', 'not_relevant'))
      group by m.call_id`,
  );
}

const byScore = (a: Candidate, b: Candidate) =>
  b.score - a.score || (a.call_id < b.call_id ? -1 : 1);

function ids(section: { items: Array<{ callId: string }> }): string[] {
  return section.items.map((item) => item.callId);
}

describe('the digest of two replayed weeks (Lidingö, education)', () => {
  let fixture: PlanningFixture;
  let tenantId: string;
  let educationId: string;
  const recipient = 'education-a@lidingo.example';

  const contentOf = async (period: string): Promise<DigestContent> => {
    const [row] = await queryRows<{ content: DigestContent }>(
      fixture.database.db,
      sql`select e.content from digest_emails e join digest_runs r on r.id = e.run_id
        where r.department_id = ${educationId} and r.period = ${period} and e.recipient = ${recipient}`,
    );
    if (!row) throw new Error(`no digest for ${period}`);
    return row.content;
  };

  beforeAll(async () => {
    fixture = await seedPlanning();
    tenantId = fixture.tenantIds.get('lidingo') as string;
    educationId = await departmentId(fixture.database.db, tenantId, 'education');
  }, 240_000);

  afterAll(async () => {
    await fixture?.database.drop();
  });

  let week1: DigestContent;
  let shownInWeek1: string[];

  it('first lists as new the best calls at or above the threshold, nothing changed or closing', async () => {
    await fixture.replayDay(WEEK_1);
    const now = fixture.clock.now();
    const expected = (await candidates(fixture, tenantId, now))
      .filter((call) => call.score >= DEFAULT_DIGEST_MIN_SCORE)
      .sort(byScore);
    expect(expected.length).toBeGreaterThan(0);
    await planDueDigests(fixture.deps, {});
    week1 = await contentOf('2026-W26');
    expect(ids(week1.sections.new)).toEqual(
      expected.slice(0, SECTION_LIMIT).map((call) => call.call_id),
    );
    expect(week1.sections.new.more).toBe(Math.max(0, expected.length - SECTION_LIMIT));
    expect(week1.sections.changed.items).toEqual([]);
    expect(week1.sections.closingSoon.items).toEqual([]);
    expect(week1.language).toBe('sv');
    shownInWeek1 = ids(week1.sections.new);
    const shown = await queryRows<{ call_id: string }>(
      fixture.database.db,
      sql`select call_id from digest_shown where department_id = ${educationId} and email = ${recipient}`,
    );
    expect(shown.map((row) => row.call_id).sort()).toEqual([...shownInWeek1].sort());
  }, 240_000);

  it('a week later tells new, changed and closing-soon calls exactly as the stored rows say', async () => {
    const [{ last } = { last: 0 }] = await queryRows<{ last: number }>(
      fixture.database.db,
      sql`select coalesce(max(id), 0)::int as last from call_changes`,
    );
    await fixture.replayDay(WEEK_2);
    const now = fixture.clock.now();
    let current = (await candidates(fixture, tenantId, now)).sort(byScore);
    // The coordinator vetoes two calls of the week: one muted, one not relevant. Neither may
    // appear anywhere, however well it matches.
    const vetoed = current.filter((call) => !shownInWeek1.includes(call.call_id)).slice(0, 2);
    expect(vetoed).toHaveLength(2);
    for (const [index, call] of vetoed.entries())
      await recordFeedback(
        fixture.database.db,
        {
          tenantId,
          areaKey: 'schools_youth',
          callId: call.call_id,
          verdict: index === 0 ? 'muted' : 'not_relevant',
        },
        fixture.clock,
      );
    current = (await candidates(fixture, tenantId, now)).sort(byScore);
    const vetoedIds = vetoed.map((call) => call.call_id);
    expect(current.some((call) => vetoedIds.includes(call.call_id))).toBe(false);

    const shown = new Set(shownInWeek1);
    const expectedNew = current.filter(
      (call) => !shown.has(call.call_id) && call.score >= DEFAULT_DIGEST_MIN_SCORE,
    );
    // Changed: what this ingest recorded for calls shown in week 1, as a reader tells it:
    // deadlines that moved, a forthcoming call that opened, a total budget that changed.
    const changes = await queryRows<{ call_id: string; kind: string; old: unknown; new: unknown }>(
      fixture.database.db,
      sql`select call_id, kind, old_value as old, new_value as new from call_changes
        where id > ${last} and kind in ('deadline', 'status', 'budget')`,
    );
    const stillThere = new Set(current.map((call) => call.call_id));
    const changedIds = new Set(
      changes
        .filter((change) => shown.has(change.call_id) && stillThere.has(change.call_id))
        .filter((change) => {
          if (change.kind === 'status')
            return change.old === 'forthcoming' && change.new === 'open';
          if (change.kind === 'budget') {
            const [a, b] = [change.old, change.new] as Array<ShownSnapshot['budget']>;
            return a?.total !== b?.total || a?.currency !== b?.currency;
          }
          return true;
        })
        .map((change) => change.call_id),
    );
    const expectedChanged = current.filter((call) => changedIds.has(call.call_id));
    const horizon = now.getTime() + 14 * DAY_MS;
    const expectedClosing = current
      .filter((call) => shown.has(call.call_id) && call.next_ms !== null && call.next_ms <= horizon)
      .sort((a, b) => (a.next_ms as number) - (b.next_ms as number));

    await planDueDigests(fixture.deps, {});
    const week2 = await contentOf('2026-W27');
    expect(ids(week2.sections.new)).toEqual(
      expectedNew.slice(0, SECTION_LIMIT).map((call) => call.call_id),
    );
    expect(week2.sections.new.more).toBe(Math.max(0, expectedNew.length - SECTION_LIMIT));
    expect(ids(week2.sections.changed)).toEqual(expectedChanged.map((call) => call.call_id));
    expect(ids(week2.sections.closingSoon)).toEqual(expectedClosing.map((call) => call.call_id));
    const kindOf: Record<string, string> = {
      status: 'opened',
      deadline: 'deadline',
      budget: 'budget',
    };
    for (const item of week2.sections.changed.items) {
      const told = changes
        .filter((change) => change.call_id === item.callId)
        .filter((change) => change.kind !== 'status' || change.new === 'open')
        .map((change) => kindOf[change.kind]);
      expect([...new Set(item.changes.map((change) => change.kind))].sort()).toEqual(
        [...new Set(told)].sort(),
      );
    }
    const everywhere = [
      ...ids(week2.sections.new),
      ...ids(week2.sections.changed),
      ...ids(week2.sections.closingSoon),
    ];
    for (const id of vetoedIds) expect(everywhere).not.toContain(id);
    expect(week2.period.from).toBe(week1.generatedAt);
  }, 240_000);

  it('as time passes without a poll, shown calls come up as closing soon', async () => {
    // The first deadline of a call this recipient was shown, and a planning day ten days
    // before it: the recorded weeks hold no deadline that close, so time has to pass.
    const shownRows = await queryRows<{ call_id: string }>(
      fixture.database.db,
      sql`select call_id from digest_shown where department_id = ${educationId} and email = ${recipient}`,
    );
    const shown = new Set(shownRows.map((row) => row.call_id));
    const after = fixture.clock.now();
    const pending = (await candidates(fixture, tenantId, after)).filter(
      (call) => shown.has(call.call_id) && call.next_ms !== null,
    );
    const first = Math.min(...pending.map((call) => call.next_ms as number));
    const day = new Date(first - 10 * DAY_MS).toISOString().slice(0, 10);
    const now = new Date(`${day}T12:00:00Z`);
    expect(now.getTime()).toBeGreaterThan(after.getTime() + 7 * DAY_MS);
    fixture.clock.set(now);
    const expected = (await candidates(fixture, tenantId, now))
      .filter((call) => shown.has(call.call_id) && call.next_ms !== null)
      .filter((call) => (call.next_ms as number) <= now.getTime() + 14 * DAY_MS)
      .sort((a, b) => (a.next_ms as number) - (b.next_ms as number));
    expect(expected.length).toBeGreaterThan(0);
    await planDueDigests(fixture.deps, {});
    const [latest] = await queryRows<{ content: DigestContent }>(
      fixture.database.db,
      sql`select e.content from digest_emails e join digest_runs r on r.id = e.run_id
        where r.department_id = ${educationId} and e.recipient = ${recipient}
        order by e.id desc limit 1`,
    );
    const closing = latest?.content.sections.closingSoon;
    expect(closing && ids(closing)).toEqual(
      expected.slice(0, SECTION_LIMIT).map((call) => call.call_id),
    );
    for (const item of closing?.items ?? []) {
      expect(item.daysLeft).toBeGreaterThanOrEqual(0);
      expect(item.daysLeft).toBeLessThanOrEqual(14);
    }
    // Nothing was polled since: nothing can have changed.
    expect(latest?.content.sections.changed.items).toEqual([]);
  }, 240_000);
});
