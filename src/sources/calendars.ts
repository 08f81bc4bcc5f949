import { ftPortalCalendar } from '../../scrapers/ft-portal/calendar.js';
import type { SourceCalendar } from '../../scrapers/types.js';
import type { SourceKind } from '../db/schema/index.js';
import { sourceKindDefinitions } from './kinds.js';

/** Each kind's calendar; a new kind of source does not compile without one. */
export const sourceCalendars: Readonly<Record<SourceKind, SourceCalendar>> = {
  'ft-portal': ftPortalCalendar,
  ...Object.fromEntries(
    Object.entries(sourceKindDefinitions).map(([kind, definition]) => [kind, definition.calendar]),
  ),
} as Record<SourceKind, SourceCalendar>;
