import { sql } from 'drizzle-orm';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import type { Database } from '../../src/db/client.js';
import type { CallBudget } from '../../src/db/schema/index.js';
import type {
  ChangedDigestItem,
  DigestChange,
  DigestContent,
  DigestItem,
} from '../../src/digests/content-types.js';
import { daysLeftOf, explanationView } from '../../src/matching/explanation-view.js';
import { type MatchPageRow, matchPageQuery } from '../../src/matching/match-query.js';
import { createMatchingDeps, rematchTenants } from '../../src/matching/service.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { ManualClock } from '../helpers/clock.js';
import { queryRows } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';
import { silentLogger } from '../helpers/workers.js';

/**
 * The digest a department of Lidingö would get for week 27, made from two recorded weekly
 * snapshots and the department's real stored matches: shown = its matches after 2026-06-25,
 * new = matched after 2026-07-02 and not shown, changed = shown calls with a
 * deadline, opening or budget change in between, closing soon = shown calls due within 14
 * days. It is the rule read straight from the tables, for the screenshots only: the
 * planner's content (src/digests/content.ts) is what is sent.
 */
const LAST_WEEK = '2026-06-25';
const THIS_WEEK = '2026-07-02';
/** ISO week of THIS_WEEK, as the planner labels a period. */
const PERIOD_LABEL = '2026-W27';
const BASE_URL = 'https://callradar.lidingo.se';
const PER_SECTION = 4;

async function departmentMatchRows(
  db: Database,
  tenantId: string,
  departmentKey: string,
  now: Date,
): Promise<MatchPageRow[]> {
  const statement = matchPageQuery({
    tenantId,
    query: { department: departmentKey },
    areaKeys: null,
    cursor: null,
    limit: 100,
    now,
  });
  return queryRows<MatchPageRow>(db, statement);
}

function itemOf(row: MatchPageRow, now: Date): DigestItem {
  const nextDeadline = row.deadlines
    .map((deadline) => deadline.deadlineMs)
    .filter((ms) => ms >= now.getTime())
    .sort((a, b) => a - b)[0];
  const nextDeadlineAt = nextDeadline === undefined ? null : new Date(nextDeadline);
  const daysLeft = daysLeftOf(nextDeadlineAt, now);
  return {
    callId: row.call_id,
    identifier: row.identifier,
    title: row.title,
    programme: row.programme_name,
    deadlines: row.deadlines.map((d) => ({
      at: new Date(d.deadlineMs).toISOString(),
      stage: d.stage,
    })),
    nextDeadlineAt: nextDeadlineAt?.toISOString() ?? null,
    daysLeft,
    budget: row.budget ? { currency: row.budget.currency, total: row.budget.total } : null,
    score: Math.round(Number(row.score)),
    why: explanationView(row.explanation, daysLeft, 'sv').text,
    sourceUrl: row.source_url.startsWith('https://') ? row.source_url : null,
    apiUrl: `${BASE_URL}/v1/calls/${row.call_id}`,
  };
}

interface ChangeRow {
  call_id: string;
  kind: 'deadline' | 'status' | 'budget';
  old_value: unknown;
  new_value: unknown;
}

function digestChange(row: ChangeRow): DigestChange | null {
  if (row.kind === 'status') return row.new_value === 'open' ? { kind: 'opened' } : null;
  if (row.kind === 'budget') {
    const budget = (value: unknown) => {
      const stored = value as CallBudget | null;
      return stored ? { currency: stored.currency, total: stored.total } : null;
    };
    return { kind: 'budget', from: budget(row.old_value), to: budget(row.new_value) };
  }
  const first = (value: unknown) => (Array.isArray(value) ? ((value[0] as string) ?? null) : null);
  return { kind: 'deadline', from: first(row.old_value), to: first(row.new_value) };
}

const section = <T>(items: T[]) => ({
  items: items.slice(0, PER_SECTION),
  more: Math.max(0, items.length - PER_SECTION),
});

export async function lidingoDigest(
  db: Database,
  department: { key: string; name: string },
): Promise<DigestContent> {
  const lastWeek = startOfLocalDay(LAST_WEEK, BRUSSELS);
  const now = startOfLocalDay(THIS_WEEK, BRUSSELS);
  const clock = new ManualClock(lastWeek);
  await ingestSnapshot(db, LAST_WEEK);
  const lidingo = (await exampleProfiles()).find((example) => example.slug === 'lidingo');
  if (!lidingo) throw new Error('the Lidingö example profile is missing');
  const { tenantId } = await importProfile(db, lidingo.slug, lidingo.profile, clock);
  const deps = createMatchingDeps(db, silentLogger);
  await rematchTenants(deps, { now: lastWeek });
  const shown = new Set(
    (await departmentMatchRows(db, tenantId, department.key, lastWeek)).map((row) => row.call_id),
  );
  await ingestSnapshot(db, THIS_WEEK);
  await rematchTenants(deps, { now });
  const current = await departmentMatchRows(db, tenantId, department.key, now);
  const changeRows = await queryRows<ChangeRow>(
    db,
    sql`select call_id, kind, old_value, new_value from call_changes
      where kind in ('deadline', 'status', 'budget') and detected_at > ${lastWeek} order by id`,
  );
  const changed: ChangedDigestItem[] = current
    .filter((row) => shown.has(row.call_id))
    .flatMap((row) => {
      const changes = changeRows
        .filter((change) => change.call_id === row.call_id)
        .map(digestChange)
        .filter((change): change is DigestChange => change !== null);
      return changes.length > 0 ? [{ ...itemOf(row, now), changes }] : [];
    });
  const closingSoon = current
    .filter((row) => shown.has(row.call_id))
    .map((row) => itemOf(row, now))
    .filter((item) => item.daysLeft !== null && item.daysLeft <= 14)
    .sort((a, b) => (a.daysLeft ?? 0) - (b.daysLeft ?? 0));
  const fresh = current.filter((row) => !shown.has(row.call_id)).map((row) => itemOf(row, now));
  return {
    kind: 'department',
    language: 'sv',
    timeZone: 'Europe/Stockholm',
    tenant: { slug: 'lidingo', name: 'Lidingö stad' },
    department,
    period: { from: lastWeek.toISOString(), to: now.toISOString(), label: PERIOD_LABEL },
    generatedAt: now.toISOString(),
    sections: { new: section(fresh), changed: section(changed), closingSoon: section(closingSoon) },
    links: {
      allMatches: `${BASE_URL}/v1/departments/${department.key}/matches`,
      unsubscribe: `${BASE_URL}/v1/digests/unsubscribe/example-token`,
      preferences: `${BASE_URL}/v1/digests/preferences/example-token`,
    },
  };
}
