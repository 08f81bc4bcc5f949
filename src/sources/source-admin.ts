import { CronExpressionParser } from 'cron-parser';
import { eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { Conflict, InvalidInput, NotFound } from '../errors.js';
import { recordFollowUp } from '../jobs/outbox.js';

type SourceRow = typeof sources.$inferSelect;

/** Polls no closer together than this: the portals we read are public services. */
const MIN_POLL_INTERVAL_MS = 5 * 60_000;
/** Occurrences looked at to find the closest two (covers an hour of a "*\/5" pattern). */
const OCCURRENCES_CHECKED = 12;

/**
 * A poll schedule as the schedulers take it: five cron fields (minute hour day month
 * weekday), in UTC, no seconds field, polls at least five minutes apart.
 */
export function checkSchedule(pattern: string, now: Date): string {
  const schedule = pattern.trim().replace(/\s+/g, ' ');
  if (schedule.split(' ').length !== 5) {
    throw new InvalidInput(
      `schedule: "${pattern}" is not a five-field cron pattern (minute hour day month weekday)`,
    );
  }
  let occurrences: number[];
  try {
    const expression = CronExpressionParser.parse(schedule, { tz: 'UTC', currentDate: now });
    occurrences = expression.take(OCCURRENCES_CHECKED).map((date) => date.getTime());
  } catch (error) {
    throw new InvalidInput(
      `schedule: "${pattern}" is not a valid cron pattern (${messageOf(error)})`,
    );
  }
  const closest = Math.min(
    ...occurrences.slice(1).map((at, index) => at - (occurrences[index] as number)),
  );
  if (closest < MIN_POLL_INTERVAL_MS) {
    throw new InvalidInput(`schedule: "${pattern}" polls more often than every 5 minutes`);
  }
  return schedule;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Enables, disables or reschedules a source. A change records a re-read of the job
 * schedulers in the same transaction (job_outbox): the embedded runner re-arms its timers,
 * a BullMQ worker upserts the schedulers in Redis. Disabling also stops polls already queued
 * at once, since the poll job re-reads `enabled`.
 */
export async function updateSource(
  db: Database,
  id: string,
  patch: { enabled?: boolean; schedule?: string },
  clock: Clock,
): Promise<{ source: SourceRow; rescheduled: boolean }> {
  const now = clock.now();
  const schedule = patch.schedule === undefined ? undefined : checkSchedule(patch.schedule, now);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(sources).where(eq(sources.id, id)).for('update');
    if (!current) throw new NotFound(`No source "${id}"`);
    const changes = {
      ...(patch.enabled !== undefined && patch.enabled !== current.enabled
        ? { enabled: patch.enabled }
        : {}),
      ...(schedule !== undefined && schedule !== current.schedule ? { schedule } : {}),
    };
    if (Object.keys(changes).length === 0) return { source: current, rescheduled: false };
    const [updated] = await tx
      .update(sources)
      .set({ ...changes, updatedAt: now })
      .where(eq(sources.id, id))
      .returning();
    await recordFollowUp(tx, 'sources', 'reconcile-schedulers', {}, now);
    return { source: updated as SourceRow, rescheduled: true };
  });
}

/** A poll now, recorded as a follow-up (job_outbox) that the relay hands to the queue. */
export async function queueManualPoll(db: Database, id: string, clock: Clock): Promise<void> {
  await db.transaction(async (tx) => {
    const [source] = await tx.select().from(sources).where(eq(sources.id, id));
    if (!source) throw new NotFound(`No source "${id}"`);
    // The poll job skips a disabled source: say so rather than accept a poll that will not run.
    if (!source.enabled) throw new Conflict(`source "${id}" is disabled: enable it first`);
    await recordFollowUp(
      tx,
      'sources',
      'poll-source',
      { sourceId: id, trigger: 'manual' },
      clock.now(),
    );
  });
}
