import {
  type CallDefaults,
  callDefaults,
  optionalNumber,
  timeZoneSetting,
} from '../kind-settings.js';
import { SettingError } from '../source-kind.js';
import { DEFAULT_TIME_ZONE } from './dates.js';

export interface EuroAccessSettings extends CallDefaults {
  /**
   * Detail pages of calls not read before, fetched per poll at most: the first poll of a
   * 142-call listing spreads its detail requests over three polls instead of one burst.
   */
  maxDetailPages: number;
  /** The zone the site's dates are read in (it states none): Europe/Brussels. */
  timeZone: string;
}

export const DEFAULT_MAX_DETAIL_PAGES = 60;

export function parseEuroAccessSettings(raw: Record<string, unknown>): EuroAccessSettings {
  const maxDetailPages =
    optionalNumber(raw, 'maxDetailPages', { min: 0, max: 1000 }) ?? DEFAULT_MAX_DETAIL_PAGES;
  if (!Number.isInteger(maxDetailPages))
    throw new SettingError('maxDetailPages', 'must be a whole number of pages');
  return {
    ...callDefaults(raw),
    maxDetailPages,
    timeZone: timeZoneSetting(raw, 'timeZone', DEFAULT_TIME_ZONE),
  };
}
