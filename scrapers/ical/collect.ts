import type { CollectInput, FreshPage } from '../source-kind.js';
import type { PollResult } from '../types.js';
import { isParsedCalendar, type ParsedCalendar } from './entries.js';
import { parseCalendar } from './parse.js';
import { expansionWindow, pollResultOf } from './poll.js';
import type { IcalSettings } from './settings.js';

const ACCEPT = 'text/calendar, text/plain;q=0.8, */*;q=0.5';

/**
 * One conditional GET of the calendar. A fresh body is parsed and its entries remembered
 * (recurrences expanded for the window as of this poll), so a 304 gives the same calls
 * back without parsing; what was remembered but cannot be read is fetched again in full.
 */
export async function collectCalendar(input: CollectInput<IcalSettings>): Promise<PollResult> {
  const { fetcher, baseUrl, settings, now } = input;
  const page = await fetcher.get(baseUrl, { conditional: true, headers: { accept: ACCEPT } });
  let calendar: ParsedCalendar;
  if (page.notModified && isParsedCalendar(page.remembered)) {
    calendar = page.remembered;
  } else {
    const fresh = page.notModified
      ? ((await fetcher.get(baseUrl, { headers: { accept: ACCEPT } })) as FreshPage)
      : page;
    calendar = parseCalendar(fresh.body, fresh.url, expansionWindow(now, settings));
    fetcher.remember(baseUrl, calendar);
  }
  return pollResultOf([{ calendar, url: baseUrl }], settings, baseUrl, input.strict ?? false);
}
