import { localDateOf, zonedTimeToInstant } from '../dates.js';
import type { NormalisedDeadline } from '../types.js';

/**
 * Euro-Access states dates as `DD.MM.YYYY`, deadlines as `DD.MM.YYYY HH:MM`, and never a
 * time zone. Its calls are EU and Interreg calls whose cut-offs are set in Brussels time
 * (CET/CEST, "17:00 Brussels time" on the F&T portal), so Europe/Brussels is the default zone
 * (settings.timeZone overrides it for a mirror that states another).
 */
export const DEFAULT_TIME_ZONE = 'Europe/Brussels';

const DATE_TIME = /(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2}))?/;

/** The first `DD.MM.YYYY[ HH:MM]` in a text, exactly as written (the parse stays raw). */
export function findDateText(text: string): string | null {
  const match = DATE_TIME.exec(text);
  return match ? match[0].replace(/\s+/g, ' ') : null;
}

interface StatedDate {
  year: number;
  month: number;
  day: number;
  time: { hour: number; minute: number } | null;
}

function readDate(text: string): StatedDate | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (match[4] === undefined) return { year, month, day, time: null };
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  if (hour > 23 || minute > 59) return null;
  return { year, month, day, time: { hour, minute } };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A deadline as an instant in the zone. A date without a time (rare on Euro-Access, where
 * deadlines carry HH:MM) closes at the end of that day, 23:59:59: a call must not look
 * closed on the very day its page names as the last one.
 */
export function deadlineFrom(
  text: string,
  stage: number,
  timeZone: string,
): NormalisedDeadline | null {
  const date = readDate(text);
  if (!date) return null;
  const time = date.time ?? { hour: 23, minute: 59 };
  const deadlineAt = zonedTimeToInstant(
    { ...date, hour: time.hour, minute: time.minute, second: date.time ? 0 : 59 },
    timeZone,
  );
  return { stage, deadlineAt, localDate: localDateOf(deadlineAt, timeZone), timeZone };
}

/** An opening date: the start of that day in the zone (or its stated time). */
export function openingFrom(text: string, timeZone: string): Date | null {
  const date = readDate(text);
  if (!date) return null;
  return zonedTimeToInstant(
    { ...date, hour: date.time?.hour ?? 0, minute: date.time?.minute ?? 0, second: 0 },
    timeZone,
  );
}
