import { localDateOf, zonedTimeToInstant } from '../../scrapers/dates.js';

/** A tenant's digest schedule: ISO weekday (1 = Monday) and hour in its own time zone. */
export interface DigestSchedule {
  weekday: number;
  hour: number;
  timeZone: string;
}

/** One digest period: the ISO week of the scheduled send, and the instant it falls due. */
export interface DigestPeriod {
  /** "2026-W26": the ISO week in the tenant's zone, what digest_runs are unique by. */
  label: string;
  dueAt: Date;
  /** The week before, for fortnightly recipients ("were they sent one last week?"). */
  previousLabel: string;
}

const DAY_MS = 86_400_000;

/** A calendar day as a UTC midnight: plain day arithmetic, no zone in the way. */
function calendarDay(localDate: string): Date {
  return new Date(`${localDate}T00:00:00Z`);
}

function isoWeekday(day: Date): number {
  return ((day.getUTCDay() + 6) % 7) + 1;
}

/** ISO 8601 week label of a calendar day: the week belongs to the year of its Thursday. */
export function isoWeekLabel(day: Date): string {
  const thursday = new Date(day.getTime() + (4 - isoWeekday(day)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The period `now` falls in: the ISO week of `now` in the tenant's zone, due on its weekday
 * at its hour there (zonedTimeToInstant settles daylight-saving switches). A period is due
 * once `now` reaches `dueAt`; before that, this week's digest has not come yet and last
 * week's was planned in its own week (a tenant added on a Tuesday does not get last week's).
 */
export function digestPeriodAt(schedule: DigestSchedule, now: Date): DigestPeriod {
  const today = calendarDay(localDateOf(now, schedule.timeZone));
  const monday = new Date(today.getTime() - (isoWeekday(today) - 1) * DAY_MS);
  const sendDay = new Date(monday.getTime() + (schedule.weekday - 1) * DAY_MS);
  const dueAt = zonedTimeToInstant(
    {
      year: sendDay.getUTCFullYear(),
      month: sendDay.getUTCMonth() + 1,
      day: sendDay.getUTCDate(),
      hour: schedule.hour,
      minute: 0,
      second: 0,
    },
    schedule.timeZone,
  );
  return {
    label: isoWeekLabel(monday),
    dueAt,
    previousLabel: isoWeekLabel(new Date(monday.getTime() - 7 * DAY_MS)),
  };
}

/** The period due at `now`, or null while this week's send time is still ahead. */
export function duePeriod(schedule: DigestSchedule, now: Date): DigestPeriod | null {
  const period = digestPeriodAt(schedule, now);
  return now.getTime() >= period.dueAt.getTime() ? period : null;
}

/** `--as-of YYYY-MM-DD`: noon UTC of that day, as the job contract says. */
export function asOfInstant(asOf: string): Date {
  return new Date(`${asOf}T12:00:00Z`);
}
