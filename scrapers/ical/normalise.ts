import { localDateOf, startOfLocalDay } from '../dates.js';
import { htmlToText, sanitizeHtml } from '../html.js';
import { outsideThePortal } from '../kind-settings.js';
import type { NormalisedCall, NormalisedDeadline } from '../types.js';
import type { CalendarEntry, EntryTime, ParsedCalendar } from './entries.js';
import type { IcalSettings } from './settings.js';
import { instantOfWall } from './times.js';

/**
 * One calendar entry as a call. DTSTART is the opening, DTEND the deadline, in the event's
 * TZID; dates and floating times are read in the calendar's X-WR-TIMEZONE, else in the
 * `timeZone` setting.
 *
 * All-day events: DTEND is exclusive (RFC 5545 §3.6.1), so an event over "17 Aug – 16 Sep"
 * is open through 15 September, and the deadline is the end of that day, 23:59:59 local.
 * An event that marks a single moment (DTEND = DTSTART, or one all-day day such as
 * "Søknadsfrist") is a deadline only: its opening is not known.
 */
export function normaliseEntry(
  entry: CalendarEntry,
  calendar: Pick<ParsedCalendar, 'timeZone'>,
  settings: IcalSettings,
  baseUrl: string,
): NormalisedCall {
  const fallbackZone = calendar.timeZone ?? settings.timeZone;
  const deadline = deadlineOf(entry, fallbackZone);
  const descriptionHtml = descriptionHtmlOf(entry.description);
  return {
    ...outsideThePortal(settings),
    naturalKey: entry.naturalKey,
    identifier: entry.naturalKey,
    title: entry.title,
    descriptionText: htmlToText(descriptionHtml),
    descriptionHtml,
    openingAt: marksOneMoment(entry) ? null : startInstant(entry.start, fallbackZone),
    deadlines: deadline ? [deadline] : [],
    tags: [...new Set(entry.categories)],
    sourceUrl: entry.url ?? baseUrl,
    thin: descriptionHtml === '',
  };
}

function deadlineOf(entry: CalendarEntry, fallbackZone: string): NormalisedDeadline | null {
  const end = entry.end ?? entry.start;
  if (end.kind === 'instant') {
    const timeZone = end.timeZone ?? fallbackZone;
    const deadlineAt = new Date(end.at);
    return { stage: 1, deadlineAt, localDate: localDateOf(deadlineAt, timeZone), timeZone };
  }
  if (end.kind === 'floating') {
    const deadlineAt = instantOfWall(end.wallClock, fallbackZone);
    return { stage: 1, deadlineAt, localDate: end.wallClock.slice(0, 10), timeZone: fallbackZone };
  }
  // DTEND;VALUE=DATE is the day after the last day; a missing DTEND means the start day.
  const lastDay = entry.end ? previousDay(end.date) : end.date;
  return {
    stage: 1,
    deadlineAt: instantOfWall(`${lastDay}T23:59:59`, fallbackZone),
    localDate: lastDay,
    timeZone: fallbackZone,
  };
}

function startInstant(start: EntryTime, fallbackZone: string): Date {
  if (start.kind === 'instant') return new Date(start.at);
  if (start.kind === 'floating') return instantOfWall(start.wallClock, fallbackZone);
  return startOfLocalDay(start.date, fallbackZone);
}

function marksOneMoment(entry: CalendarEntry): boolean {
  const { start, end } = entry;
  if (!end) return true;
  if (start.kind === 'date' && end.kind === 'date') return end.date <= nextDay(start.date);
  if (start.kind === 'instant' && end.kind === 'instant') return start.at === end.at;
  if (start.kind === 'floating' && end.kind === 'floating')
    return start.wallClock === end.wallClock;
  return false;
}

function previousDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const HTML_TAG = /<\/?[a-z][a-z0-9]*(\s[^>]*)?>/i;

/**
 * The Events Calendar writes DESCRIPTION as plain text with blank lines between paragraphs;
 * other calendars put HTML there. Either way the result is sanitised HTML.
 */
function descriptionHtmlOf(description: string): string {
  if (HTML_TAG.test(description)) return sanitizeHtml(description);
  const paragraphs = description
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`);
  return sanitizeHtml(paragraphs.join(''));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
