import { localDateOf, wallClockIn, zonedTimeToInstant } from '../dates.js';
import type { EntryTime } from './entries.js';

/** A Date as node-ical gives it: `tz` for DATE-TIMEs with a zone, `dateOnly` for DATEs. */
export type IcalDate = Date & { tz?: string; dateOnly?: boolean };

/**
 * node-ical builds DATE values and floating DATE-TIMEs with the host's local clock
 * (new Date(y, m, d, …)), so their calendar fields are read back with the local getters;
 * zoned values are true instants (node-ical README, "Working with the parsed dates").
 */
export function entryTimeOf(date: IcalDate): EntryTime {
  if (date.dateOnly) return { kind: 'date', date: localFields(date).slice(0, 10) };
  if (date.tz) return { kind: 'instant', at: date.toISOString(), timeZone: namedZone(date.tz) };
  return { kind: 'floating', wallClock: localFields(date) };
}

/** An IANA region zone, or null for UTC and the fixed offsets node-ical maps VTIMEZONEs to. */
function namedZone(tz: string): string | null {
  if (/^(Etc\/|UTC$|GMT$|[+-]\d)/i.test(tz)) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return null;
  }
}

function localFields(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Wall-clock text (YYYY-MM-DD[THH:MM:SS]) as milliseconds on a UTC axis, for arithmetic. */
function wallMs(wall: string): number {
  return Date.parse(`${wall.length === 10 ? `${wall}T00:00:00` : wall}Z`);
}

function wallText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * The end of one occurrence of a recurring event: its start plus the event's own length,
 * counted on the wall clock. A round that runs "5 October 09:00 to 30 October 15:00" closes
 * at 15:00 even when a DST switch falls in between; node-ical adds the length in
 * milliseconds, which would close it at 14:00.
 */
export function shiftedEnd(baseStart: EntryTime, baseEnd: EntryTime, start: EntryTime): EntryTime {
  if (baseStart.kind === 'date' && baseEnd.kind === 'date' && start.kind === 'date') {
    const days = wallMs(baseEnd.date) - wallMs(baseStart.date);
    return { kind: 'date', date: wallText(wallMs(start.date) + days).slice(0, 10) };
  }
  if (baseStart.kind === 'floating' && baseEnd.kind === 'floating' && start.kind === 'floating') {
    const length = wallMs(baseEnd.wallClock) - wallMs(baseStart.wallClock);
    return { kind: 'floating', wallClock: wallText(wallMs(start.wallClock) + length) };
  }
  if (baseStart.kind === 'instant' && baseEnd.kind === 'instant' && start.kind === 'instant') {
    const zone = start.timeZone;
    if (zone && baseStart.timeZone === zone && baseEnd.timeZone === zone) {
      const length =
        wallMs(wallClockIn(new Date(baseEnd.at), zone)) -
        wallMs(wallClockIn(new Date(baseStart.at), zone));
      const wall = wallText(wallMs(wallClockIn(new Date(start.at), zone)) + length);
      return { kind: 'instant', at: instantOfWall(wall, zone).toISOString(), timeZone: zone };
    }
    const length = Date.parse(baseEnd.at) - Date.parse(baseStart.at);
    return {
      kind: 'instant',
      at: new Date(Date.parse(start.at) + length).toISOString(),
      timeZone: baseEnd.timeZone,
    };
  }
  return baseEnd;
}

/** YYYY-MM-DD of a time as the calendar states it (the instant's day in its own zone). */
export function dayOf(time: EntryTime): string {
  if (time.kind === 'date') return time.date;
  if (time.kind === 'floating') return time.wallClock.slice(0, 10);
  return time.timeZone ? localDateOf(new Date(time.at), time.timeZone) : time.at.slice(0, 10);
}

/** The instant the zone's clocks show this wall clock (YYYY-MM-DDTHH:MM:SS). */
export function instantOfWall(wall: string, timeZone: string): Date {
  const [year, month, day, hour, minute, second] = (wall.match(/\d+/g) ?? []).map(Number);
  return zonedTimeToInstant(
    {
      year: year ?? 0,
      month: month ?? 1,
      day: day ?? 1,
      hour: hour ?? 0,
      minute: minute ?? 0,
      second: second ?? 0,
    },
    timeZone,
  );
}
