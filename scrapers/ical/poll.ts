import { SettingError } from '../source-kind.js';
import type { NormalisedCall, PollResult } from '../types.js';
import type { ParsedCalendar } from './entries.js';
import { normaliseEntry } from './normalise.js';
import type { ExpansionWindow } from './parse.js';
import type { IcalSettings } from './settings.js';

/** Occurrences from a year back (a round that just closed) to `windowYears` ahead. */
export function expansionWindow(now: Date, settings: IcalSettings): ExpansionWindow {
  const from = new Date(now);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  const to = new Date(now);
  to.setUTCFullYear(to.getUTCFullYear() + settings.windowYears);
  return { from, to };
}

/**
 * One poll's result from the calendars read (one live, or the files of a replay). A UID
 * seen twice (two files of a replay, a calendar that repeats an event) is one call.
 */
export function pollResultOf(
  calendars: Array<{ calendar: ParsedCalendar; url: string }>,
  settings: IcalSettings,
  baseUrl: string,
  strict: boolean,
): PollResult {
  const records = new Map<string, NormalisedCall>();
  const warnings: string[] = [];
  let received = 0;
  for (const { calendar, url } of calendars) {
    warnings.push(...calendar.warnings);
    if (calendar.entries.length === 0) warnings.push(`the calendar at ${url} has no events`);
    for (const entry of calendar.entries) {
      received += 1;
      if (!records.has(entry.naturalKey))
        records.set(entry.naturalKey, normaliseEntry(entry, calendar, settings, baseUrl));
    }
  }
  if (strict && received === 0)
    throw new SettingError('baseUrl', 'the calendar has no events to read as calls');
  return {
    records: [...records.values()],
    pages: calendars.length,
    received,
    skipped: received - records.size,
    legacyRecords: 0,
    emptyPages: [],
    warnings,
  };
}
