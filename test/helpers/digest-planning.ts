import { sql } from 'drizzle-orm';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import type { Clock } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import type { DigestDeps } from '../../src/digests/deps.js';
import { asOfInstant } from '../../src/digests/schedule.js';
import { createMatchingDeps, rematchTenants } from '../../src/matching/service.js';
import type { Profile } from '../../src/tenants/profile.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { ManualClock } from './clock.js';
import { createTestDatabase, queryRows, type TestDatabase } from './database.js';
import { outboxDigestSettings } from './digest-settings.js';
import { ingestSnapshot } from './ingest.js';
import { silentLogger } from './workers.js';

/** Two addresses per department of every example tenant, and one coordinator each. */
export function withRecipients(slug: string, profile: Profile): Profile {
  return {
    ...profile,
    tenant: { ...profile.tenant, coordinators: [`samordnare@${slug}.example`] },
    departments: profile.departments.map((department) => ({
      ...department,
      recipients: [`${department.key}-a@${slug}.example`, `${department.key}-b@${slug}.example`],
    })),
  };
}

export interface PlanningFixture {
  database: TestDatabase;
  clock: ManualClock;
  tenantIds: Map<string, string>;
  deps: DigestDeps;
  /** Ingests a recorded day and re-matches every tenant as of it; the clock moves there. */
  replayDay(day: string): Promise<void>;
}

/** What the planner needs: the test database, the clock, links on a test host. */
export function planningDeps(db: Database, clock: Clock): DigestDeps {
  return {
    db,
    clock,
    logger: silentLogger,
    ...outboxDigestSettings(),
    // The planner records send-digest in job_outbox; nothing here reads a queue.
    jobs: () => {
      throw new Error('the planner records follow-ups, it does not enqueue');
    },
  };
}

/** The four example municipalities with recipients, before any snapshot is read. */
export async function seedPlanning(): Promise<PlanningFixture> {
  const database = await createTestDatabase();
  const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
  const tenantIds = new Map<string, string>();
  for (const { slug, profile } of await exampleProfiles())
    tenantIds.set(
      slug,
      (await importProfile(database.db, slug, withRecipients(slug, profile), clock)).tenantId,
    );
  const matching = createMatchingDeps(database.db, silentLogger);
  return {
    database,
    clock,
    tenantIds,
    deps: planningDeps(database.db, clock),
    replayDay: async (day) => {
      await ingestSnapshot(database.db, day);
      clock.set(asOfInstant(day));
      await rematchTenants(matching, { now: startOfLocalDay(day, BRUSSELS) });
    },
  };
}

/** A department's id by tenant slug and key. */
export async function departmentId(db: Database, tenantId: string, key: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from departments where tenant_id = ${tenantId} and key = ${key}`,
  );
  if (!row) throw new Error(`no department ${key}`);
  return row.id;
}
