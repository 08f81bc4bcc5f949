import { localDateOf, zonedTimeToInstant } from './dates.js';
import { DATE_LANGUAGES, type DateLanguage, isDateLanguage, monthOf } from './month-names.js';

export { DATE_LANGUAGES, type DateLanguage, isDateLanguage, monthOf } from './month-names.js';

/**
 * Dates as programme sites write them, in the languages of the sites callradar reads:
 * "15. februar", "18 maj", "5th November 2024", "17 June 2026 at 15:00 CET", "Deadline
 * date : 30/01/2026", or in a pattern an admin gives ("DD.MM.YYYY HH:mm"). The date is
 * found inside a longer text; the first date in the text wins.
 *
 * - A date without a time is the END of that day (23:59:59 local): "apply until the 15th"
 *   includes the 15th, and a deadline taken as midnight would close a call a day early.
 *   Openings ask for the start of the day instead (`withoutTime: 'start-of-day'`).
 * - CET, CEST, "Brussels time" mean the wall clock in Europe/Brussels, whatever the season:
 *   EU programmes write "15:00 CET" in June and mean Brussels' 15:00. UTC/GMT mean UTC.
 *   Without a zone, the source's `timeZone`.
 * - A date without a year ("15. februar") is its next occurrence on or after `now` minus
 *   YEARLESS_GRACE_DAYS: a page still showing a deadline that passed last week means last
 *   week's (the call just closed), not the same day next year; one still showing it months
 *   later is a calendar ("every 15 February"), so next year's.
 * - Numeric dates are day first (DD/MM/YYYY, DD.MM.YYYY) or ISO (YYYY-MM-DD); the US order
 *   MM/DD/YYYY is never assumed: every source we read is European.
 */
export const YEARLESS_GRACE_DAYS = 60;

export interface ProseDateOptions {
  /** Month names of this language, and its prose orders ("5th November", "November 5"). */
  language?: string;
  /** A pattern: YYYY, MM/M, MMMM/MMM (month names: needs `language`), DD/D/Do, HH/H, mm, ss. */
  format?: string;
  /** The zone of dates that name none. */
  timeZone: string;
  /** The poll's instant: places dates without a year. */
  now: Date;
  withoutTime?: 'end-of-day' | 'start-of-day';
}

export interface ParsedProseDate {
  instant: Date;
  /** The stated day, YYYY-MM-DD in `timeZone`. */
  localDate: string;
  timeZone: string;
  hasTime: boolean;
}

interface DateCandidate {
  index: number;
  end: number;
  year: number | null;
  month: number;
  day: number;
  /** From the pattern itself (ISO, a format with HH:mm); else read after the date. */
  time?: { hour: number; minute: number; second: number };
  /** An explicit UTC offset in minutes (ISO 8601 "Z", "+02:00"). */
  offsetMinutes?: number;
}

const DAY_FIRST =
  /(?<!\d)(\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(\p{L}+)\.?(?:,?\s*(\d{4})(?!\d))?/giu;
const MONTH_FIRST =
  /(?<!\p{L})(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(\d{4})(?!\d))?/giu;
const NUMERIC_DAY_FIRST = /(?<![\d./])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)/g;
const ISO =
  /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)/g;

function proseCandidates(text: string, language: DateLanguage): DateCandidate[] {
  const found: DateCandidate[] = [];
  for (const match of text.matchAll(DAY_FIRST)) {
    const month = monthOf(match[2] as string, language);
    if (month === null) continue;
    found.push(candidate(match, Number(match[1]), month, match[3]));
  }
  if (language !== 'en') return found;
  for (const match of text.matchAll(MONTH_FIRST)) {
    const month = monthOf(match[1] as string, language);
    if (month === null) continue;
    found.push(candidate(match, Number(match[2]), month, match[3]));
  }
  return found;
}

function candidate(
  match: RegExpMatchArray,
  day: number,
  month: number,
  year: string | undefined,
): DateCandidate {
  const index = match.index ?? 0;
  return { index, end: index + match[0].length, day, month, year: year ? Number(year) : null };
}

function numericCandidates(text: string): DateCandidate[] {
  const found: DateCandidate[] = [];
  for (const match of text.matchAll(NUMERIC_DAY_FIRST)) {
    found.push(candidate(match, Number(match[1]), Number(match[3]), match[4]));
  }
  for (const match of text.matchAll(ISO)) {
    const iso = candidate(match, Number(match[3]), Number(match[2]), match[1]);
    if (match[4] !== undefined) {
      iso.time = {
        hour: Number(match[4]),
        minute: Number(match[5]),
        second: Number(match[6] ?? 0),
      };
    }
    if (match[7] !== undefined) iso.offsetMinutes = offsetMinutes(match[7]);
    found.push(iso);
  }
  return found;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

/**
 * A time after the date: "at 15:00 CET", ", 12:00 Uhr", "kl. 23.59", "klo 16.15", "2pm
 * (Brussels time)", "14h CET", "12 noon". Minutes followed by ".2026" are a date, not a time.
 */
const TIME_AFTER =
  /^[\s,;]*(?:(?:at|by|until|till|before|kl|klo|klockan|klokken|um|à|-|–|—)\.?[\s,]*)*(?:(?<hour>\d{1,2})[:.](?<minute>\d{2})(?![\d]|[./]\d)|(?<hour12>\d{1,2})(?:[:.](?<minute12>\d{2}))?\s*(?<half>[ap])\.?m\.?(?!\p{L})|(?<hourH>\d{1,2})\s*h(?<minuteH>\d{2})?(?!\p{L})|(?:12\s*)?(?<noon>noon|midday))\s*(?:uhr|hrs|h|o'clock)?\.?(?<zone>[\s([]*(?:cet\/cest|cest|cet|brussels(?:\s+local)?\s+time|brussels|central european(?:\s+summer)?\s+time|utc|gmt)(?!\p{L}))?/iu;
const ZONE_AFTER =
  /^[\s([]*(?<zone>cet\/cest|cest|cet|brussels(?:\s+local)?\s+time|brussels|utc|gmt)(?!\p{L})/iu;

interface TimeOfDay {
  hour: number;
  minute: number;
  second: number;
}

function timeAfter(text: string): { time: TimeOfDay; zone: string | null } | null {
  const match = TIME_AFTER.exec(text.slice(0, 64));
  if (!match?.groups) return null;
  const groups = match.groups;
  let hour: number;
  let minute = 0;
  if (groups.hour !== undefined) {
    hour = Number(groups.hour);
    minute = Number(groups.minute);
  } else if (groups.hour12 !== undefined) {
    hour = (Number(groups.hour12) % 12) + (groups.half?.toLowerCase() === 'p' ? 12 : 0);
    minute = Number(groups.minute12 ?? 0);
    if (Number(groups.hour12) > 12) return null;
  } else if (groups.hourH !== undefined) {
    hour = Number(groups.hourH);
    minute = Number(groups.minuteH ?? 0);
  } else {
    hour = 12;
  }
  const time = checkedTime(hour, minute, 0);
  return time ? { time, zone: zoneOf(groups.zone) } : null;
}

/** 24:00 is the end of the stated day, not the next day's start. */
function checkedTime(hour: number, minute: number, second: number): TimeOfDay | null {
  if (hour === 24 && minute === 0 && second === 0) return { hour: 23, minute: 59, second: 59 };
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { hour, minute, second };
}

function zoneOf(marker: string | undefined): string | null {
  if (!marker) return null;
  return /utc|gmt/i.test(marker) ? 'UTC' : 'Europe/Brussels';
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDay(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The year of a day-and-month: its next occurrence on or after now minus the grace. */
function yearFor(month: number, day: number, now: Date, timeZone: string): number | null {
  const threshold = localDateOf(
    new Date(now.getTime() - YEARLESS_GRACE_DAYS * 86_400_000),
    timeZone,
  );
  const first = Number(threshold.slice(0, 4));
  // Eight years reach the next 29 February from any day.
  for (let year = first; year <= first + 8; year += 1) {
    if (day <= daysInMonth(year, month) && isoDay(year, month, day) >= threshold) return year;
  }
  return null;
}

function resolve(
  found: DateCandidate,
  text: string,
  options: ProseDateOptions,
): ParsedProseDate | null {
  const { month, day } = found;
  if (month < 1 || month > 12 || day < 1) return null;
  const year = found.year ?? yearFor(month, day, options.now, options.timeZone);
  if (year === null || day > daysInMonth(year, month)) return null;
  const localDate = isoDay(year, month, day);
  if (found.offsetMinutes !== undefined && found.time) {
    const { hour, minute, second } = found.time;
    const utc = Date.UTC(year, month - 1, day, hour, minute, second);
    const instant = new Date(utc - found.offsetMinutes * 60_000);
    return {
      instant,
      localDate: localDateOf(instant, options.timeZone),
      timeZone: options.timeZone,
      hasTime: true,
    };
  }
  const rest = text.slice(found.end);
  const stated = found.time
    ? {
        time: checkedTime(found.time.hour, found.time.minute, found.time.second),
        zone: zoneOf(ZONE_AFTER.exec(rest)?.groups?.zone),
      }
    : timeAfter(rest);
  if (stated && !stated.time) return null;
  const timeZone = stated?.zone ?? options.timeZone;
  const boundary =
    options.withoutTime === 'start-of-day'
      ? { hour: 0, minute: 0, second: 0 }
      : { hour: 23, minute: 59, second: 59 };
  const time = stated?.time ?? boundary;
  const instant = zonedTimeToInstant({ year, month, day, ...time }, timeZone);
  return { instant, localDate, timeZone, hasTime: stated !== null };
}

interface CompiledFormat {
  pattern: RegExp;
  /** What each capture group holds, in order. */
  fields: Array<'year' | 'month' | 'monthName' | 'day' | 'hour' | 'minute' | 'second'>;
  language: DateLanguage | null;
}

const FORMAT_TOKENS = /\[([^\]]*)\]|YYYY|MMMM|MMM|MM|M|Do|DD|D|HH|H|mm|ss|\s+|./g;
const TOKEN_SOURCES: Record<string, [string, CompiledFormat['fields'][number]]> = {
  YYYY: ['(\\d{4})', 'year'],
  MMMM: ['(\\p{L}+)\\.?', 'monthName'],
  MMM: ['(\\p{L}+)\\.?', 'monthName'],
  MM: ['(\\d{1,2})', 'month'],
  M: ['(\\d{1,2})', 'month'],
  Do: ['(\\d{1,2})(?:st|nd|rd|th|\\.)?', 'day'],
  DD: ['(\\d{1,2})', 'day'],
  D: ['(\\d{1,2})', 'day'],
  HH: ['(\\d{1,2})', 'hour'],
  H: ['(\\d{1,2})', 'hour'],
  mm: ['(\\d{2})', 'minute'],
  ss: ['(\\d{2})', 'second'],
};
const compiledFormats = new Map<string, CompiledFormat>();

/**
 * A date pattern as an admin writes it (moment-style tokens, lenient about leading zeros;
 * text in [brackets] is literal). Throws a RangeError saying what is wrong with it.
 */
export function compileDateFormat(format: string, language?: string): CompiledFormat {
  const key = `${language ?? ''}\u0000${format}`;
  const known = compiledFormats.get(key);
  if (known) return known;
  if (language !== undefined && !isDateLanguage(language))
    throw new RangeError(`"${language}" is not one of ${DATE_LANGUAGES.join(', ')}`);
  const fields: CompiledFormat['fields'] = [];
  let source = '';
  for (const [token, literal] of format.matchAll(FORMAT_TOKENS)) {
    const known = TOKEN_SOURCES[token];
    if (literal !== undefined) source += escapeRegExp(literal);
    else if (known) {
      source += known[0];
      fields.push(known[1]);
    } else source += /^\s+$/.test(token) ? '\\s+' : escapeRegExp(token);
  }
  if (!fields.includes('day') || !(fields.includes('month') || fields.includes('monthName')))
    throw new RangeError(`"${format}" has no day (D, DD, Do) or no month (M, MM, MMM, MMMM)`);
  if (fields.includes('monthName') && language === undefined)
    throw new RangeError(`"${format}" has month names (MMM, MMMM): say their language`);
  const compiled = {
    pattern: new RegExp(`(?<!\\d)${source}(?!\\d)`, 'giu'),
    fields,
    language: (language as DateLanguage | undefined) ?? null,
  };
  compiledFormats.set(key, compiled);
  return compiled;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function formatCandidates(text: string, format: CompiledFormat): DateCandidate[] {
  const found: DateCandidate[] = [];
  for (const match of text.matchAll(format.pattern)) {
    const values: Record<string, string> = {};
    format.fields.forEach((field, index) => {
      values[field] = match[index + 1] as string;
    });
    const month = values.monthName
      ? monthOf(values.monthName, format.language as DateLanguage)
      : Number(values.month);
    if (month === null) continue;
    const dated = candidate(match, Number(values.day), month, values.year);
    if (values.hour !== undefined) {
      dated.time = {
        hour: Number(values.hour),
        minute: Number(values.minute ?? 0),
        second: Number(values.second ?? 0),
      };
    }
    found.push(dated);
  }
  return found;
}

/**
 * The first date in the text, read with the format if one is given, else in the language's
 * prose and the numeric forms (DD/MM/YYYY, DD.MM.YYYY, YYYY-MM-DD), else numeric forms only.
 * Null when the text holds no valid date (31 February is none).
 */
export function parseProseDate(text: string, options: ProseDateOptions): ParsedProseDate | null {
  const normalised = text.replace(/[\u00a0\u202f]/g, ' ');
  let found: DateCandidate[];
  if (options.format !== undefined) {
    found = formatCandidates(normalised, compileDateFormat(options.format, options.language));
  } else if (options.language !== undefined) {
    if (!isDateLanguage(options.language))
      throw new RangeError(`"${options.language}" is not one of ${DATE_LANGUAGES.join(', ')}`);
    found = [...proseCandidates(normalised, options.language), ...numericCandidates(normalised)];
  } else {
    found = numericCandidates(normalised);
  }
  found.sort((a, b) => a.index - b.index);
  for (const each of found) {
    const parsed = resolve(each, normalised, options);
    if (parsed) return parsed;
  }
  return null;
}
