/**
 * Wall-clock times in a named zone ↔ instants, with Intl only (no tz library): the sources
 * state deadlines as local times (Brussels, Oslo), and the offset depends on the date (DST).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Bound of the conversion memos below: far more than a poll's distinct dates. */
const INSTANT_MEMO_LIMIT = 4096;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The same few instants (deadlines at 17:00 Brussels) come up thousands of times a poll. */
const wallClockMemo = new Map<string, WallClock>();

function wallClockAt(instant: Date, timeZone: string): WallClock {
  const key = `${timeZone} ${instant.getTime()}`;
  let wall = wallClockMemo.get(key);
  if (!wall) {
    if (wallClockMemo.size >= INSTANT_MEMO_LIMIT) wallClockMemo.clear();
    wall = readWallClock(instant, timeZone);
    wallClockMemo.set(key, wall);
  }
  return wall;
}

function readWallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of the zone from UTC at that instant, in milliseconds. */
function offsetAt(instant: Date, timeZone: string): number {
  const wall = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * Intl's formatToParts is slow and a poll converts the same few deadline times (17:00
 * Brussels on a handful of days) thousands of times: conversions are remembered, bounded.
 */
const instantMemo = new Map<string, number>();

/** The instant at which the clocks in `timeZone` show this wall-clock time. */
export function zonedTimeToInstant(wall: WallClock, timeZone: string): Date {
  const key = `${timeZone} ${wall.year} ${wall.month} ${wall.day} ${wall.hour} ${wall.minute} ${wall.second}`;
  let instant = instantMemo.get(key);
  if (instant === undefined) {
    if (instantMemo.size >= INSTANT_MEMO_LIMIT) instantMemo.clear();
    instant = convertToInstant(wall, timeZone);
    instantMemo.set(key, instant);
  }
  return new Date(instant);
}

function convertToInstant(wall: WallClock, timeZone: string): number {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const first = guess - offsetAt(new Date(guess), timeZone);
  // A second pass settles times near a DST switch, where the first guess's offset is wrong.
  return guess - offsetAt(new Date(first), timeZone);
}

/** The wall clock the instant shows in the zone, "2026-09-16T17:00:00" (no offset). */
export function wallClockIn(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant, timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}

/** YYYY-MM-DD of the instant in the zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant, timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** Midnight at the start of a local day (YYYY-MM-DD) in the zone. */
export function startOfLocalDay(localDate: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${localDate}`);
  return zonedTimeToInstant(
    {
      year: Number(match[1]),
      month: Number(match[2]),
      day: Number(match[3]),
      hour: 0,
      minute: 0,
      second: 0,
    },
    timeZone,
  );
}

const SEDIA_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/;

/** Wall-clock fields of a SEDIA timestamp such as 2026-09-23T00:00:00.000+0000. */
export function parseWallClock(value: string): WallClock | null {
  const match = SEDIA_TIMESTAMP.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return {
    year: year ?? 0,
    month: month ?? 0,
    day: day ?? 0,
    hour: hour ?? 0,
    minute: minute ?? 0,
    second: second ?? 0,
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
