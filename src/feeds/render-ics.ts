import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAlarmType } from 'ical-generator';
import { wallClockIn } from '../../scrapers/dates.js';
import type { FeedContent } from './content.js';
import { webUrl } from './feed-urls.js';
import { printable } from './printable.js';

/** Calendar apps re-read a subscribed calendar about this often (they may choose longer). */
const REFRESH_SECONDS = 3_600;
/** A reminder this long before each deadline: time enough to finish an application. */
const ALARM_BEFORE_SECONDS = 3 * 86_400;

/**
 * The deadline calendar: one event per deadline (each stage) of each matched call, in the
 * deadline's own time zone with its VTIMEZONE block (Outlook needs one per TZID).
 *
 * ical-generator writes a native Date with a `timezone` as that Date's wall clock in the
 * process's zone (https://github.com/sebbo2002/ical-generator#-date-time--timezones), so
 * the event gets the deadline's wall clock in its own zone as a local date-time string,
 * which reads back unchanged in any process zone (save inside that zone's own DST gap).
 * DTSTAMP is the call's last change, not the render time: an unchanged calendar renders
 * byte for byte the same, which its ETag relies on.
 */
export function renderIcs(content: FeedContent): string {
  const calendar = ical({
    name: `${content.tenant.name} – ${content.department.name}: deadlines`,
    prodId: { company: 'callradar', product: 'deadlines', language: 'EN' },
    timezone: { name: content.tenant.timeZone, generator: getVtimezoneComponent },
    ttl: REFRESH_SECONDS,
  });
  for (const item of content.items) {
    const { call } = item;
    const stages = call.deadlines.length;
    for (const deadline of call.deadlines) {
      const wallClock = wallClockIn(deadline.deadlineAt, deadline.timeZone);
      const event = calendar.createEvent({
        id: `${call.id}-${deadline.stage}@callradar`,
        stamp: call.updatedAt,
        start: wallClock,
        end: wallClock,
        timezone: deadline.timeZone,
        summary: printable(stages > 1 ? `${call.title} (${deadline.stage}/${stages})` : call.title),
        description: printable(item.explanation),
        url: webUrl(call.sourceUrl),
      });
      event.createAlarm({
        type: ICalAlarmType.display,
        trigger: ALARM_BEFORE_SECONDS,
        description: printable(call.title),
      });
    }
  }
  return calendar.toString();
}
