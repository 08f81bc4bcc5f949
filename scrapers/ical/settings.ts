import {
  type CallDefaults,
  callDefaults,
  optionalNumber,
  timeZoneSetting,
} from '../kind-settings.js';

/** Where interreg.no, the calendar this kind was written for, states its times. */
export const DEFAULT_TIME_ZONE = 'Europe/Oslo';

export interface IcalSettings extends CallDefaults {
  /**
   * The zone of times the calendar states without one (floating times, all-day dates) when
   * the calendar names none itself (X-WR-TIMEZONE). Events with a TZID keep theirs.
   */
  timeZone: string;
  /**
   * How far ahead recurring events are expanded, in years; occurrences from a year back
   * are kept as well, so a round that closed last month is still seen as closed.
   */
  windowYears: number;
}

export function parseIcalSettings(raw: Record<string, unknown>): IcalSettings {
  return {
    ...callDefaults(raw),
    timeZone: timeZoneSetting(raw, 'timeZone', DEFAULT_TIME_ZONE),
    windowYears: optionalNumber(raw, 'windowYears', { min: 1, max: 10 }) ?? 2,
  };
}
