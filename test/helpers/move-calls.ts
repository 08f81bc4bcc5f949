import { sql } from 'drizzle-orm';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import type { Database } from '../../src/db/client.js';

const HOUR_MS = 3_600_000;

/**
 * Moves every stored call's dates (opening, deadlines, sightings) so that `now` falls on
 * the snapshot's day at 05:00 Brussels time: a recorded day replayed as today, for worker
 * processes that run on the system clock. At that hour no recorded deadline is near (they
 * fall between 09:00 and 24:00 UTC), so "days left" stays the same for hours of test time.
 */
export async function moveCallsToNow(db: Database, snapshotDay: string, now: Date): Promise<void> {
  const anchor = startOfLocalDay(snapshotDay, BRUSSELS).getTime() + 5 * HOUR_MS;
  const shift = sql.raw(`interval '${Math.round((now.getTime() - anchor) / 1000)} seconds'`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update calls set opening_at = opening_at + ${shift}, next_deadline_at = next_deadline_at + ${shift},
        first_seen_at = first_seen_at + ${shift}, last_seen_at = last_seen_at + ${shift}`);
    await tx.execute(sql`
      update call_deadlines set deadline_at = deadline_at + ${shift},
        local_date = ((deadline_at + ${shift}) at time zone time_zone)::date`);
  });
}
