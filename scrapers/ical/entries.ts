/**
 * What the kind keeps of a calendar: one entry per call (an event, or one occurrence of a
 * recurring event), JSON-safe so that a 304 hands it back without parsing. Times stay as
 * the calendar states them (an instant with its zone, a date, a floating wall clock): the
 * zone for dates and floating times is settled when normalising, from the settings.
 */
export type EntryTime =
  /** A DATE-TIME with a TZID or in UTC; `timeZone` is null for UTC and fixed offsets. */
  | { kind: 'instant'; at: string; timeZone: string | null }
  /** A DATE (all-day), YYYY-MM-DD. */
  | { kind: 'date'; date: string }
  /** A DATE-TIME without zone, YYYY-MM-DDTHH:MM:SS: local time wherever the reader is. */
  | { kind: 'floating'; wallClock: string };

export interface CalendarEntry {
  /** The UID, or UID#YYYY-MM-DD for one occurrence of a recurring event. */
  naturalKey: string;
  title: string;
  start: EntryTime;
  /** Exclusive for dates (RFC 5545: DTEND of an all-day event is the day after). */
  end: EntryTime | null;
  /** DESCRIPTION as the calendar has it: HTML or plain text. */
  description: string;
  url: string | null;
  categories: string[];
}

export interface ParsedCalendar {
  /** X-WR-CALNAME */
  name: string | null;
  /** X-WR-TIMEZONE, when it names a zone Intl knows. */
  timeZone: string | null;
  entries: CalendarEntry[];
  /** Events that could not be read (no start date), and occurrences cut off. */
  warnings: string[];
}

export function isParsedCalendar(value: unknown): value is ParsedCalendar {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ParsedCalendar>;
  return Array.isArray(candidate.entries) && Array.isArray(candidate.warnings);
}
