import { zonedTimeToInstant } from '../dates.js';
import type { NormalisedDeadline } from '../types.js';

/**
 * Deadlines stated in a news post's prose: "deadline 15 March 2026", "Deadline: 15.03.2026",
 * "open until 17 June 2026 at 15:00 CET", "ansök senast 15 mars 2027 kl. 23.59",
 * "søknadsfrist 15. februar 2027". A news post names many dates (when it was published,
 * when an event is), so only a date tied to a deadline word counts: the word, at most a few
 * words of the same sentence, then a full date (day, month and year; a year-less date in a
 * post is too often last year's) and maybe a time and a zone. prose-dates.ts reads the
 * first date of a field an admin pointed at; this reads the dates a sentence ties to a
 * deadline, in any of the feeds' languages at once. A date without a time closes at the end
 * of its day.
 */
// biome-ignore format: one line per month reads better than one line per name
const MONTHS: Record<string, number> = {
  jan: 1, january: 1, januar: 1, januari: 1,
  feb: 2, february: 2, februar: 2, februari: 2,
  mar: 3, march: 3, mars: 3,
  apr: 4, april: 4,
  may: 5, mai: 5, maj: 5,
  jun: 6, june: 6, juni: 6,
  jul: 7, july: 7, juli: 7,
  aug: 8, august: 8, augusti: 8,
  sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, okt: 10, oktober: 10,
  nov: 11, november: 11,
  dec: 12, december: 12, des: 12, desember: 12,
};

const KEYWORD =
  '(?:deadlines?|due|until|till|by|no later than|closes?|closing|submission|frist|søknadsfrist|ansökningsdag|senast|innen|til og med|till och med)';
// Named groups, one set per form: a date is day-month-year, month-day-year, numeric or ISO.
const monthName = (group: string) => `(?<${group}>${Object.keys(MONTHS).join('|')})\\.?`;
const ORDINAL = '(?:st|nd|rd|th)?';
const DAY_MONTH_YEAR = `(?<dmyDay>\\d{1,2})${ORDINAL}\\.?\\s+(?:of\\s+)?${monthName('dmyMonth')},?\\s+(?<dmyYear>\\d{4})`;
const MONTH_DAY_YEAR = `${monthName('mdyMonth')}\\s+(?<mdyDay>\\d{1,2})${ORDINAL},?\\s+(?<mdyYear>\\d{4})`;
const NUMERIC = '(?<numDay>\\d{1,2})[./](?<numMonth>\\d{1,2})[./](?<numYear>\\d{4})';
const ISO = '(?<isoYear>\\d{4})-(?<isoMonth>\\d{2})-(?<isoDay>\\d{2})';
const TIME = '(?:\\s*(?:,|at|kl\\.?|klo\\.?|-)?\\s*(?<hour>\\d{1,2})[:.](?<minute>\\d{2}))?';
const ZONE = '(?:\\s*\\(?\\s*(?<zone>CET|CEST|EET|EEST|UTC|GMT|Brussels time)\\)?)?';

/** A deadline word, then within the same sentence (60 characters at most) a full date. */
const DEADLINE = new RegExp(
  `\\b${KEYWORD}\\b[^.!?\\n]{0,60}?(?:${DAY_MONTH_YEAR}|${MONTH_DAY_YEAR}|${NUMERIC}|${ISO})${TIME}${ZONE}`,
  'giu',
);

const ZONES: Record<string, string> = {
  cet: 'Europe/Brussels',
  cest: 'Europe/Brussels',
  'brussels time': 'Europe/Brussels',
  eet: 'Europe/Helsinki',
  eest: 'Europe/Helsinki',
  utc: 'UTC',
  gmt: 'UTC',
};

/** At most this many stages: more dates after deadline words are rarely all deadlines. */
const MAX_STAGES = 3;

/**
 * The deadlines a text states, earliest first as stages 1, 2, …. A day named twice (a title
 * "apply until 10 February", a body "until 10 February at 13:00 CET") is one deadline, at
 * the time given.
 */
export function deadlinesInText(text: string, defaultZone: string): NormalisedDeadline[] {
  const byDay = new Map<string, FoundDeadline>();
  for (const match of text.matchAll(DEADLINE)) {
    const deadline = deadlineOf(match, defaultZone);
    if (!deadline) continue;
    const known = byDay.get(deadline.localDate);
    if (!known || (deadline.timed && !known.timed)) byDay.set(deadline.localDate, deadline);
  }
  return [...byDay.values()]
    .map(({ timed: _timed, ...deadline }) => deadline)
    .sort((a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime())
    .slice(0, MAX_STAGES)
    .map((deadline, index) => ({ ...deadline, stage: index + 1 }));
}

type FoundDeadline = NormalisedDeadline & { timed: boolean };

function deadlineOf(match: RegExpMatchArray, defaultZone: string): FoundDeadline | null {
  const groups = match.groups ?? {};
  const date = dateOf(groups);
  if (!date) return null;
  const { day, month, year } = date;
  const timed = groups.hour !== undefined;
  const hour = timed ? Number(groups.hour) : 23;
  const minute = timed ? Number(groups.minute) : 59;
  if (hour > 23 || minute > 59) return null;
  const timeZone = groups.zone ? (ZONES[groups.zone.toLowerCase()] ?? defaultZone) : defaultZone;
  const deadlineAt = zonedTimeToInstant(
    { year, month, day, hour, minute, second: timed ? 0 : 59 },
    timeZone,
  );
  const localDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { stage: 1, deadlineAt, localDate, timeZone, timed };
}

function dateOf(
  groups: Record<string, string | undefined>,
): { day: number; month: number; year: number } | null {
  const monthOf = (name: string | undefined) => (name ? MONTHS[name.toLowerCase()] : undefined);
  const [day, month, year] = groups.dmyDay
    ? [groups.dmyDay, monthOf(groups.dmyMonth), groups.dmyYear]
    : groups.mdyDay
      ? [groups.mdyDay, monthOf(groups.mdyMonth), groups.mdyYear]
      : groups.numDay
        ? [groups.numDay, groups.numMonth, groups.numYear]
        : [groups.isoDay, groups.isoMonth, groups.isoYear];
  const date = { day: Number(day), month: Number(month), year: Number(year) };
  if (!(date.month >= 1 && date.month <= 12)) return null;
  if (!(date.day >= 1 && date.day <= daysIn(date.year, date.month))) return null;
  return date;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
