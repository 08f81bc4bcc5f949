import { type CallDefaults, callDefaults, timeZoneSetting } from '../kind-settings.js';
import { SettingError } from '../source-kind.js';

/** Programme sites state cut-off hours in Brussels time unless they say otherwise. */
export const DEFAULT_TIME_ZONE = 'Europe/Brussels';

export interface RssSettings extends CallDefaults {
  /**
   * Words of which an item's title or categories must contain one (case-insensitive) to be
   * read as a call: programme sites announce calls among their other news. Empty: every item.
   */
  include: string[];
  /** The zone of deadlines the text states without one ("until 15 March 2027 at 12:00"). */
  timeZone: string;
}

export function parseRssSettings(raw: Record<string, unknown>): RssSettings {
  return {
    ...callDefaults(raw),
    include: wordList(raw.include),
    timeZone: timeZoneSetting(raw, 'timeZone', DEFAULT_TIME_ZONE),
  };
}

function wordList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string'))
    throw new SettingError('include', 'must be a list of words, e.g. ["call", "utlysning"]');
  return [...new Set((items as string[]).map((item) => item.trim().toLowerCase()).filter(Boolean))];
}
