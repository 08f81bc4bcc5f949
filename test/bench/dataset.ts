/**
 * The bench:match data set, shared by the benches that need it (bench:match, bench:api):
 * the 2026-06-27 snapshot's calls replicated to a target count, the recorded day moved to
 * today (servers and workers run on the system clock), sources disabled (no poll may change
 * the data under a measurement), and tenants with 8 departments each, their profiles varied
 * from the four shipped examples.
 */
import { sql } from 'drizzle-orm';
import { systemClock } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import type { Profile } from '../../src/tenants/profile.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { queryRows } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';
import { moveCallsToNow } from '../helpers/move-calls.js';

export const DEPARTMENTS_PER_TENANT = 8;
const DAY = '2026-06-27';

export interface DatasetCounts {
  calls: number;
  open: number;
  areas: number;
  departments: number;
}

/** Tenants are named tenant-0 … tenant-(n-1), departments department-0 … department-7. */
export const tenantSlug = (index: number) => `tenant-${index}`;
export const departmentKey = (index: number) => `department-${index}`;

/** Seeds calls and tenants (no matches: callers re-match, timed or not). */
export async function seedBenchDataset(
  db: Database,
  options: { tenants: number; calls: number },
): Promise<DatasetCounts> {
  await ingestSnapshot(db, DAY);
  await replicateCalls(db, options.calls);
  await moveCallsToNow(db, DAY, systemClock.now());
  await db.execute(sql`update sources set enabled = false`);
  const examples = await exampleProfiles();
  for (let index = 0; index < options.tenants; index += 1) {
    await importProfile(db, tenantSlug(index), variedProfile(examples, index), systemClock);
  }
  const [counts] = await queryRows<DatasetCounts>(
    db,
    sql`select (select count(*)::int from calls) as calls, (select count(*)::int from calls where status <> 'closed') as open,
               (select count(*)::int from priority_areas) as areas, (select count(*)::int from departments) as departments`,
  );
  if (!counts) throw new Error('the data set could not be counted');
  return counts;
}

/** Copies of the snapshot's calls under new natural keys, with distinct content hashes. */
async function replicateCalls(db: Database, target: number) {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from calls`);
  const existing = row?.n ?? 0;
  if (target <= existing) return;
  const copies = Math.ceil(target / existing);
  await db.execute(sql`
    insert into calls (source_id, natural_key, identifier, title, programme_code, programme_name, call_identifier, call_title,
      type_of_action, description_text, description_html, opening_at, status, closed_reason, next_deadline_at, budget,
      eligible_countries, applicant_types, tags, keywords, language, source_url, links, content_hash, first_seen_at, last_seen_at)
    select source_id, natural_key || '~' || copy, identifier || '~' || copy, title, programme_code, programme_name, call_identifier,
      call_title, type_of_action, description_text, description_html, opening_at, status, closed_reason, next_deadline_at, budget,
      eligible_countries, applicant_types, tags, keywords, language, source_url, links, content_hash || '~' || copy, first_seen_at, last_seen_at
    from calls cross join generate_series(1, ${copies - 1}) as copy
    order by copy, natural_key
    limit ${target - existing}`);
  // Their deadlines too: the matcher judges open and days left by them, as a sweep does.
  await db.execute(sql`
    insert into call_deadlines (call_id, stage, deadline_at, local_date, time_zone)
    select copy.id, d.stage, d.deadline_at, d.local_date, d.time_zone
    from calls copy
    join calls original on original.source_id = copy.source_id
      and original.natural_key = split_part(copy.natural_key, '~', 1)
    join call_deadlines d on d.call_id = original.id
    where copy.natural_key like '%~%'`);
}

/** Profiles varied from the examples: keywords dropped and borrowed, countries mixed, 8 departments. */
function variedProfile(examples: Array<{ profile: Profile }>, index: number): Profile {
  const base = (examples[index % examples.length] as { profile: Profile }).profile;
  const donor = (examples[(index + 1) % examples.length] as { profile: Profile }).profile;
  const sameLanguage = donor.tenant.languages[0] === base.tenant.languages[0];
  const areas = base.areas.map((area, areaIndex) => {
    const keywords = area.keywords.filter((_, keywordIndex) => (keywordIndex + index) % 5 !== 0);
    const borrowed = sameLanguage
      ? (donor.areas[areaIndex % donor.areas.length]?.keywords[index % 3] ?? '')
      : '';
    return { ...area, keywords: borrowed ? [...keywords, borrowed] : keywords };
  });
  const departments = Array.from({ length: DEPARTMENTS_PER_TENANT }, (_, departmentIndex) => ({
    key: departmentKey(departmentIndex),
    name: `Förvaltning ${departmentIndex + 1}`,
    areas: [areas[departmentIndex % areas.length]?.key as string],
    language: base.tenant.languages[0] as string,
  }));
  return {
    ...base,
    tenant: { ...base.tenant, name: `${base.tenant.name} ${index}` },
    areas,
    departments,
  };
}
