import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openPostgres } from '../../src/db/client.js';
import { planDueDigests } from '../../src/digests/planner.js';
import { queryRows } from '../helpers/database.js';
import { type PlanningFixture, planningDeps, seedPlanning } from '../helpers/digest-planning.js';

/**
 * Two planners, each on its own connection pool as two workers would be, plan the same
 * periods at the same instant: every (department, period) gets one run, every recipient one
 * email and the run one send-digest, and neither planner fails on the other's rows.
 */
describe('planners racing', () => {
  let fixture: PlanningFixture;
  let second: DatabaseHandle;

  beforeAll(async () => {
    fixture = await seedPlanning();
    await fixture.replayDay('2026-06-25');
    second = openPostgres(fixture.database.url);
  }, 240_000);

  const tableCounts = async () =>
    (
      await queryRows<{ runs: number; emails: number; keys: number }>(
        fixture.database.db,
        sql`select count(distinct r.id)::int as runs, count(e.id)::int as emails,
            count(distinct (r.tenant_id, r.kind, r.department_id, r.period))::int as keys
          from digest_runs r left join digest_emails e on e.run_id = r.id`,
      )
    )[0];

  afterAll(async () => {
    await second?.close();
    await fixture?.database.drop();
  });

  it.each(['2026-06-29T05:00:00Z', '2026-07-06T05:00:00Z', '2026-07-13T05:00:00Z'])(
    'plans each period once at %s',
    async (instant) => {
      fixture.clock.set(new Date(instant));
      const before = await tableCounts();
      const results = await Promise.all([
        planDueDigests(fixture.deps, {}),
        planDueDigests(planningDeps(second.db, fixture.clock), {}),
      ]);
      const counts = await tableCounts();
      const [distinctEmails] = await queryRows<{ n: number }>(
        fixture.database.db,
        sql`select count(distinct (r.department_id, r.period, e.recipient))::int as n
        from digest_emails e join digest_runs r on r.id = e.run_id`,
      );
      const planned = results.reduce(
        (sum, part) => ({ runs: sum.runs + part.runs, emails: sum.emails + part.emails }),
        { runs: 0, emails: 0 },
      );
      // Together the two planned exactly what the tables gained.
      expect(planned.runs).toBeGreaterThan(0);
      expect(counts?.runs).toBe((before?.runs ?? 0) + planned.runs);
      expect(counts?.emails).toBe((before?.emails ?? 0) + planned.emails);
      expect(counts?.keys).toBe(counts?.runs);
      expect(distinctEmails?.n).toBe(counts?.emails);
      const [outbox] = await queryRows<{ followUps: number; runsWithEmails: number }>(
        fixture.database.db,
        sql`select (select count(*)::int from job_outbox where job = 'send-digest') as "followUps",
        (select count(distinct run_id)::int from digest_emails) as "runsWithEmails"`,
      );
      expect(outbox?.followUps).toBe(outbox?.runsWithEmails);
    },
  );
});
