import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewDigestContent } from '../../src/digests/content.js';
import type { DigestContent, OverviewContent } from '../../src/digests/content-types.js';
import { planDueDigests } from '../../src/digests/planner.js';
import { queryRows } from '../helpers/database.js';
import { departmentId, type PlanningFixture, seedPlanning } from '../helpers/digest-planning.js';

/**
 * The planner over the four example municipalities as recorded on one day: who is due
 * when, in which language, who is left out, what is recorded with each run.
 */
const DAY = '2026-06-25';

interface EmailRow {
  id: number;
  run_id: string;
  slug: string;
  department: string | null;
  period: string;
  recipient: string;
  language: string;
  content: DigestContent | OverviewContent;
}

describe('planning digests', () => {
  let fixture: PlanningFixture;
  const db = () => fixture.database.db;
  const tenant = (slug: string) => fixture.tenantIds.get(slug) as string;

  const emails = (period: string) =>
    queryRows<EmailRow>(
      db(),
      sql`select e.id, e.run_id, t.slug, d.key as department, r.period, e.recipient, e.language, e.content
        from digest_emails e join digest_runs r on r.id = e.run_id join tenants t on t.id = r.tenant_id
          left join departments d on d.id = r.department_id
        where r.period = ${period} order by t.slug, d.key, e.recipient`,
    );

  const subscribe = async (
    slug: string,
    key: string,
    email: string,
    frequency: string,
    language: string | null,
  ) =>
    db().execute(
      sql`insert into digest_subscriptions (department_id, email, frequency, language, updated_at)
        values (${await departmentId(db(), tenant(slug), key)}, ${email}, ${frequency}, ${language}, ${fixture.clock.now()})`,
    );

  beforeAll(async () => {
    fixture = await seedPlanning();
    await fixture.replayDay(DAY);
    // Alvesta turned digests off; Örebro sends on Wednesdays; Fredrikstad sends empty ones.
    await db().execute(sql`update tenants set digest_enabled = false where slug = 'alvesta'`);
    await db().execute(sql`update tenants set digest_weekday = 3 where slug = 'orebro'`);
    await db().execute(sql`update tenants set digest_send_empty = true where slug = 'fredrikstad'`);
    // Lidingö's social department sets a threshold nothing reaches: its digest is empty.
    await db().execute(
      sql`update departments set digest_min_score = 100 where key = 'social' and tenant_id = ${tenant('lidingo')}`,
    );
    await subscribe('lidingo', 'education', 'education-b@lidingo.example', 'off', null);
    await subscribe('lidingo', 'environment', 'environment-a@lidingo.example', 'weekly', 'en');
    await subscribe(
      'fredrikstad',
      'education',
      'education-a@fredrikstad.example',
      'fortnightly',
      null,
    );
  }, 240_000);

  afterAll(async () => {
    await fixture?.database.drop();
  });

  it('plans nothing before the hour in the tenant zone', async () => {
    // Monday 29 June 06:59 in Stockholm and Oslo (UTC+2).
    fixture.clock.set(new Date('2026-06-29T04:59:00Z'));
    expect(await planDueDigests(fixture.deps, {})).toEqual({ runs: 0, emails: 0 });
  });

  let preview: DigestContent;

  it('at Monday 07:00 plans each due department once, in its language, minus who is off', async () => {
    fixture.clock.set(new Date('2026-06-29T05:00:00Z'));
    preview = await previewDigestContent(fixture.deps, {
      tenantId: tenant('lidingo'),
      departmentKey: 'education',
    });
    const result = await planDueDigests(fixture.deps, {});
    const rows = await emails('2026-W27');
    expect(rows.length).toBe(result.emails);
    expect(new Set(rows.map((row) => row.slug))).toEqual(new Set(['lidingo', 'fredrikstad']));
    // A run per department of the due tenants (all have recipients), and each overview.
    const [{ n: departmentCount } = { n: 0 }] = await queryRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from departments d join tenants t on t.id = d.tenant_id
        where t.slug in ('lidingo', 'fredrikstad')`,
    );
    expect(result.runs).toBe(departmentCount + 2);
    const lidingo = rows.filter((row) => row.slug === 'lidingo' && row.department);
    expect(lidingo.map((row) => row.recipient)).not.toContain('education-b@lidingo.example');
    expect(lidingo.some((row) => row.department === 'social')).toBe(false);
    for (const row of lidingo) {
      const expected = row.recipient === 'environment-a@lidingo.example' ? 'en' : 'sv';
      expect([row.language, row.content.language]).toEqual([expected, expected]);
    }
    const fredrikstad = rows.filter((row) => row.slug === 'fredrikstad' && row.department);
    expect(fredrikstad.length).toBeGreaterThan(0);
    for (const row of fredrikstad)
      expect([row.language, row.content.language]).toEqual(['nb', 'nb']);
    // The same calls told in English and in Swedish: the why line follows the recipient.
    const [english, swedish] = ['environment-a', 'environment-b'].map(
      (name) =>
        rows.find((row) => row.recipient === `${name}@lidingo.example`)?.content as DigestContent,
    );
    expect(english?.sections.new.items.map((item) => item.callId)).toEqual(
      swedish?.sections.new.items.map((item) => item.callId),
    );
    expect(english?.sections.new.items[0]?.why).not.toBe(swedish?.sections.new.items[0]?.why);
  });

  it('previews exactly what the planner then stored for the first recipient', async () => {
    const planned = (await emails('2026-W27')).find(
      (row) => row.recipient === 'education-a@lidingo.example',
    );
    expect(planned?.content).toEqual(preview);
    expect(preview.sections.new.items.length).toBeGreaterThan(0);
  });

  it('records send-digest with every run that has emails, and finishes the rest at once', async () => {
    const runs = await queryRows<{ id: string; emails: number; finished: boolean }>(
      db(),
      sql`select r.id, count(e.id)::int as emails, r.finished_at is not null as finished
        from digest_runs r left join digest_emails e on e.run_id = r.id
        where r.period = '2026-W27' group by r.id`,
    );
    const followUps = await queryRows<{ run_id: string }>(
      db(),
      sql`select payload->>'runId' as run_id from job_outbox where job = 'send-digest'`,
    );
    expect(followUps.map((row) => row.run_id).sort()).toEqual(
      runs
        .filter((run) => run.emails > 0)
        .map((run) => run.id)
        .sort(),
    );
    for (const run of runs) expect(run.finished).toBe(run.emails === 0);
    // Lidingö's social run exists (the period is decided) but sends nothing.
    const social = await departmentId(db(), tenant('lidingo'), 'social');
    const [socialRun] = await queryRows<{ emails: number }>(
      db(),
      sql`select count(e.id)::int as emails from digest_runs r left join digest_emails e on e.run_id = r.id
        where r.department_id = ${social} and r.period = '2026-W27'`,
    );
    expect(socialRun?.emails).toBe(0);
  });

  it('remembers what each email showed', async () => {
    const rows = (await emails('2026-W27')).filter((row) => row.department);
    const listed = rows.reduce((sum, row) => {
      const { sections } = row.content as DigestContent;
      return (
        sum +
        new Set(
          [...sections.new.items, ...sections.changed.items, ...sections.closingSoon.items].map(
            (i) => i.callId,
          ),
        ).size
      );
    }, 0);
    const [shown] = await queryRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from digest_shown`,
    );
    expect(shown?.n).toBe(listed);
  });

  it('gives the coordinator one overview of what each department was sent', async () => {
    const rows = await emails('2026-W27');
    const overview = rows.find((row) => row.slug === 'lidingo' && !row.department);
    expect(overview?.recipient).toBe('samordnare@lidingo.example');
    const content = overview?.content as OverviewContent;
    expect(content.kind).toBe('overview');
    const sent = rows.filter((row) => row.slug === 'lidingo' && row.department);
    const perDepartment = new Map<string, number>();
    for (const row of sent)
      perDepartment.set(
        row.department as string,
        (perDepartment.get(row.department as string) ?? 0) + 1,
      );
    expect(content.departments.map((d) => [d.key, d.recipients])).toEqual(
      [...perDepartment.entries()].sort(),
    );
    // New calls no department took: below the threshold of every department with the area.
    const scores = await queryRows<{ call_id: string; area: string; score: number }>(
      db(),
      sql`select m.call_id, a.key as area, m.score * a.weight as score
        from matches m join priority_areas a on a.id = m.area_id join calls c on c.id = m.call_id
        where m.tenant_id = ${tenant('lidingo')} and c.status in ('open', 'forthcoming')
          and c.first_seen_at >= ${new Date(content.period.from)}`,
    );
    const departments = await queryRows<{ areas: string[]; min: number | null }>(
      db(),
      sql`select area_keys as areas, digest_min_score as min from departments
        where tenant_id = ${tenant('lidingo')}`,
    );
    const routed = new Set(
      scores
        .filter((row) =>
          departments.some((d) => d.areas.includes(row.area) && row.score >= (d.min ?? 45)),
        )
        .map((row) => row.call_id),
    );
    const unrouted = new Set(scores.map((row) => row.call_id).filter((id) => !routed.has(id)));
    expect(content.unrouted.items.length + content.unrouted.more).toBe(unrouted.size);
    for (const item of content.unrouted.items) expect(unrouted.has(item.callId)).toBe(true);
    expect(unrouted.size).toBeGreaterThan(0);
  });

  it('plans a period once however often it is asked', async () => {
    fixture.clock.set(new Date('2026-06-29T09:00:00Z'));
    expect(await planDueDigests(fixture.deps, {})).toEqual({ runs: 0, emails: 0 });
  });

  it('plans a Wednesday tenant on Wednesday, and never one that turned digests off', async () => {
    fixture.clock.set(new Date('2026-07-01T05:00:00Z'));
    await planDueDigests(fixture.deps, {});
    const slugs = new Set((await emails('2026-W27')).map((row) => row.slug));
    expect(slugs).toEqual(new Set(['lidingo', 'fredrikstad', 'orebro']));
  });

  it('sends a fortnightly reader every other digest', async () => {
    const fortnightly = 'education-a@fredrikstad.example';
    const weekly = 'education-b@fredrikstad.example';
    const recipientsOf = async (period: string) =>
      (await emails(period))
        .filter((row) => row.slug === 'fredrikstad' && row.department === 'education')
        .map((row) => row.recipient);
    expect(await recipientsOf('2026-W27')).toEqual([fortnightly, weekly]);
    fixture.clock.set(new Date('2026-07-06T05:00:00Z'));
    await planDueDigests(fixture.deps, { tenantId: tenant('fredrikstad') });
    expect(await recipientsOf('2026-W28')).toEqual([weekly]);
    fixture.clock.set(new Date('2026-07-13T05:00:00Z'));
    await planDueDigests(fixture.deps, { tenantId: tenant('fredrikstad') });
    expect(await recipientsOf('2026-W29')).toEqual([fortnightly, weekly]);
    // Only the tenant asked for was planned.
    expect(new Set((await emails('2026-W29')).map((row) => row.slug))).toEqual(
      new Set(['fredrikstad']),
    );
  });
});
