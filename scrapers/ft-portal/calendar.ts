import { localDateOf, startOfLocalDay } from '../dates.js';
import type { SourceCalendar } from '../types.js';
import { BRUSSELS } from './normalise.js';

/** The portal's days are Brussels days: its deadlines are Brussels wall-clock times. */
export const ftPortalCalendar: SourceCalendar = {
  dayOf: (instant) => localDateOf(instant, BRUSSELS),
  startOfDay: (day) => startOfLocalDay(day, BRUSSELS),
};
