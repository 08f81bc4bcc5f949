import ical, { type EventInstance, type ParameterValue, type VEvent } from 'node-ical';
import type { CalendarEntry, EntryTime, ParsedCalendar } from './entries.js';
import { dayOf, entryTimeOf, type IcalDate, shiftedEnd } from './times.js';

/** The body is not an iCalendar file (an HTML error page, a login wall, a feed). */
export class NotICalendarError extends Error {
  constructor(url: string, body: string) {
    const start = body.trim().slice(0, 40).replace(/\s+/g, ' ');
    super(`${url} is not an iCalendar file (it starts with "${start}")`);
    this.name = 'NotICalendarError';
  }
}

/** Which occurrences of recurring events become calls. */
export interface ExpansionWindow {
  from: Date;
  to: Date;
}

/** A daily or weekly "call" is a mistake in the calendar, not hundreds of calls. */
const MAX_OCCURRENCES_PER_EVENT = 60;

/**
 * A calendar's events as entries: each event one entry, each occurrence of a recurring one
 * within the window its own (EXDATEs left out, RECURRENCE-ID overrides applied, both by
 * node-ical's expandRecurringEvent). Cancelled events are left out.
 */
export function parseCalendar(body: string, url: string, window: ExpansionWindow): ParsedCalendar {
  if (!/^\uFEFF?\s*BEGIN:VCALENDAR/i.test(body)) throw new NotICalendarError(url, body);
  const data = ical.sync.parseICS(body);
  const warnings: string[] = [];
  const entries: CalendarEntry[] = [];
  for (const component of Object.values(data)) {
    if (component?.type !== 'VEVENT') continue;
    const event = component as VEvent;
    if (event.status === 'CANCELLED') continue;
    if (!isValidDate(event.start)) {
      warnings.push(`event ${event.uid ?? textOf(event.summary)} has no readable DTSTART`);
      continue;
    }
    if (event.rrule) entries.push(...occurrencesOf(event, window, warnings));
    else entries.push(entryOf(event, keyOf(event), entryTimeOf(event.start), endOf(event)));
  }
  const calendar = data.vcalendar;
  return {
    name: stringOrNull(calendar?.['WR-CALNAME']),
    timeZone: knownZone(stringOrNull(calendar?.['WR-TIMEZONE']), warnings),
    entries,
    warnings,
  };
}

function occurrencesOf(
  event: VEvent,
  window: ExpansionWindow,
  warnings: string[],
): CalendarEntry[] {
  const instances = ical.expandRecurringEvent(event, { from: window.from, to: window.to });
  if (instances.length > MAX_OCCURRENCES_PER_EVENT) {
    warnings.push(
      `event ${event.uid} recurs ${instances.length} times in the window: kept the first ${MAX_OCCURRENCES_PER_EVENT}`,
    );
  }
  const baseStart = entryTimeOf(event.start);
  const baseEnd = endOf(event);
  return instances.slice(0, MAX_OCCURRENCES_PER_EVENT).map((instance) => {
    const start = entryTimeOf(instance.start as IcalDate);
    const end = instance.isOverride
      ? endOf(instance.event as EventFields)
      : baseEnd && shiftedEnd(baseStart, baseEnd, start);
    return entryOf(
      instance.event as EventFields,
      `${keyOf(event)}#${occurrenceDay(instance, start)}`,
      start,
      end,
    );
  });
}

/** An override keeps the day it replaces (RECURRENCE-ID), so its key does not move with it. */
function occurrenceDay(instance: EventInstance, start: EntryTime): string {
  const replaced = instance.event.recurrenceid as IcalDate | undefined;
  return instance.isOverride && isValidDate(replaced) ? dayOf(entryTimeOf(replaced)) : dayOf(start);
}

/** The fields an event and a RECURRENCE-ID override both carry. */
type EventFields = Pick<VEvent, 'summary' | 'description' | 'url' | 'categories' | 'end'>;

function entryOf(
  event: EventFields,
  naturalKey: string,
  start: EntryTime,
  end: EntryTime | null,
): CalendarEntry {
  return {
    naturalKey,
    title: textOf(event.summary).trim(),
    start,
    end,
    description: htmlDescriptionOf(event) ?? textOf(event.description),
    url: urlOf(event.url as ParameterValue | undefined),
    categories: (event.categories ?? []).map((category) => String(category).trim()).filter(Boolean),
  };
}

/**
 * Outlook and other calendars put the HTML version of the description in
 * X-ALT-DESC;FMTTYPE=text/html (node-ical keeps it as 'ALT-DESC'); it is the richer one.
 */
function htmlDescriptionOf(event: EventFields): string | null {
  const alt = (event as Record<string, unknown>)['ALT-DESC'];
  if (typeof alt !== 'object' || alt === null) return null;
  const { params, val } = alt as { params?: Record<string, string>; val?: unknown };
  if (params?.FMTTYPE?.toLowerCase() !== 'text/html' || typeof val !== 'string') return null;
  return val.trim() === '' ? null : val;
}

/** node-ical sets `end` to the start when DTEND is missing; a missing DTEND is no end. */
function endOf(event: EventFields): EntryTime | null {
  return isValidDate(event.end) ? entryTimeOf(event.end as IcalDate) : null;
}

/** Without a UID (RFC 5545 requires one), the event's link or title and day stand in. */
function keyOf(event: VEvent): string {
  if (event.uid) return event.uid;
  const url = urlOf(event.url as ParameterValue | undefined);
  return `${url ?? textOf(event.summary)}@${dayOf(entryTimeOf(event.start))}`;
}

/** A property with parameters (SUMMARY;LANGUAGE=nb:…) comes as { params, val }. */
function textOf(value: ParameterValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value.val ?? '');
}

function urlOf(value: ParameterValue | undefined): string | null {
  const text = textOf(value).trim();
  return /^https?:\/\//i.test(text) ? text : null;
}

function isValidDate(value: unknown): value is IcalDate {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function knownZone(zone: string | null, warnings: string[]): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    warnings.push(`X-WR-TIMEZONE "${zone}" is not a time zone: ignored`);
    return null;
  }
}
