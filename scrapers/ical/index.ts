import { localDateOf, startOfLocalDay } from '../dates.js';
import type { SourceKindDefinition } from '../source-kind.js';
import { collectCalendar } from './collect.js';
import { replayCalendars } from './replay.js';
import { DEFAULT_TIME_ZONE, type IcalSettings, parseIcalSettings } from './settings.js';

export type { IcalSettings } from './settings.js';

/**
 * iCalendar sources (interreg.no's call calendar, The Events Calendar's `?ical=1`): each
 * event a call, DTSTART its opening and DTEND its deadline; recurring events one call per
 * occurrence. Parsed with node-ical, which handles TZIDs, RRULE, EXDATE and RECURRENCE-ID.
 * Settings: `timeZone` (for dates and floating times, default Europe/Oslo), `windowYears`
 * (how far ahead recurrences are expanded, default 2), and the common call defaults.
 * Replay: a folder of `.ics` files.
 */
export const icalKind: SourceKindDefinition<IcalSettings> = {
  calendar: {
    dayOf: (instant) => localDateOf(instant, DEFAULT_TIME_ZONE),
    startOfDay: (day) => startOfLocalDay(day, DEFAULT_TIME_ZONE),
  },
  parseSettings: parseIcalSettings,
  collect: collectCalendar,
  replay: replayCalendars,
};
