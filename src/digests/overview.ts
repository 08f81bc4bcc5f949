import { sql } from 'drizzle-orm';
import type { DepartmentRow, TenantRow } from './content.js';
import { digestMinScore } from './content.js';
import type {
  DigestContent,
  DigestItem,
  DigestLanguage,
  OverviewContent,
} from './content-types.js';
import { departmentCalls, type Executor } from './department-calls.js';
import { digestItem, SECTION_LIMIT } from './sections.js';

const WEEK_MS = 7 * 86_400_000;

const rowsOf = async <T>(db: Executor, statement: ReturnType<typeof sql>) =>
  ((await db.execute(statement)) as unknown as { rows: T[] }).rows;

interface DepartmentRunRow {
  key: string;
  name: string;
  recipients: number;
  sections: DigestContent['sections'] | null;
}

/**
 * What each department was sent this period: its run's email count, and the sections of
 * its first recipient's email (recipients differ only in what each was shown before, so
 * one stands for the department).
 */
async function departmentsSent(db: Executor, tenantId: string, period: string) {
  const rows = await rowsOf<DepartmentRunRow>(
    db,
    sql`select d.key, d.name, count(e.id)::int as recipients,
        (select first.content->'sections' from digest_emails first where first.run_id = r.id
          order by first.id limit 1) as sections
      from digest_runs r join departments d on d.id = r.department_id
        left join digest_emails e on e.run_id = r.id
      where r.tenant_id = ${tenantId} and r.kind = 'department' and r.period = ${period}
      group by r.id, d.key, d.name
      having count(e.id) > 0
      order by d.key`,
  );
  return rows.flatMap((row) => (row.sections ? [{ ...row, sections: row.sections }] : []));
}

/**
 * Calls first seen this period and matched for the tenant that reached no department's
 * threshold: what the coordinator may want to route by hand. Muted and not-relevant calls
 * are left out as everywhere.
 */
async function unroutedCalls(
  db: Executor,
  input: { tenantId: string; departments: DepartmentRow[]; since: Date; now: Date },
) {
  const routed = new Set<string>();
  for (const department of input.departments) {
    const calls = await departmentCalls(db, { ...input, areaKeys: department.areaKeys });
    for (const call of calls) if (call.score >= digestMinScore(department)) routed.add(call.callId);
  }
  const all = await departmentCalls(db, {
    tenantId: input.tenantId,
    areaKeys: null,
    now: input.now,
  });
  return all
    .filter((call) => Date.parse(call.firstSeenAt) >= input.since.getTime())
    .filter((call) => !routed.has(call.callId))
    .sort((a, b) => b.score - a.score || (a.callId < b.callId ? -1 : 1));
}

interface SourceProblemRow {
  source_id: string;
  name: string;
  status: string;
  detail: string | null;
}

/** Sources failing or degraded now, or whose polls failed or degraded during the period. */
async function sourceProblems(db: Executor, since: Date, now: Date) {
  const rows = await rowsOf<SourceProblemRow>(
    db,
    sql`select s.id as source_id, s.name,
        case when s.health in ('degraded', 'failing') then s.health
          when bool_or(r.outcome = 'failed') then 'failing' else 'degraded' end as status,
        coalesce(s.health_reason, (array_agg(r.problems->>0 order by r.started_at desc)
          filter (where r.problems->>0 is not null))[1]) as detail
      from sources s left join source_runs r on r.source_id = s.id
        and r.started_at >= ${since} and r.started_at <= ${now}
        and r.outcome in ('failed', 'degraded')
      group by s.id
      having s.health in ('degraded', 'failing') or count(r.id) > 0
      order by s.id`,
  );
  return rows.map((row) => ({
    sourceId: row.source_id,
    name: row.name,
    status: row.status,
    detail: row.detail ?? '',
  }));
}

/** The coordinator's overview of the period, as of `now`. */
export async function overviewContent(
  db: Executor,
  input: {
    tenant: TenantRow;
    periodLabel: string;
    now: Date;
    language: DigestLanguage;
    publicBaseUrl: string;
  },
): Promise<OverviewContent> {
  const { tenant, now, language, publicBaseUrl } = input;
  const since = new Date(now.getTime() - WEEK_MS);
  const departmentRows = await rowsOf<DepartmentRow>(
    db,
    sql`select id, tenant_id as "tenantId", key, name, language, area_keys as "areaKeys",
        recipients, digest_min_score as "digestMinScore"
      from departments where tenant_id = ${tenant.id} order by key`,
  );
  const unrouted = await unroutedCalls(db, {
    tenantId: tenant.id,
    departments: departmentRows,
    since,
    now,
  });
  const items: DigestItem[] = unrouted
    .slice(0, SECTION_LIMIT)
    .map((call) => digestItem(call, { now, language, publicBaseUrl }));
  return {
    kind: 'overview',
    language,
    timeZone: tenant.timeZone,
    tenant: { slug: tenant.slug, name: tenant.name },
    period: { from: since.toISOString(), to: now.toISOString(), label: input.periodLabel },
    generatedAt: now.toISOString(),
    departments: await departmentsSent(db, tenant.id, input.periodLabel),
    unrouted: { items, more: Math.max(0, unrouted.length - SECTION_LIMIT) },
    sourceProblems: await sourceProblems(db, since, now),
    links: { allMatches: `${publicBaseUrl.replace(/\/$/, '')}/v1/matches` },
  };
}
