import { load } from 'cheerio';
import {
  type CallDefaults,
  callDefaults,
  optionalString,
  requiredString,
  timeZoneSetting,
} from '../kind-settings.js';
import {
  compileDateFormat,
  DATE_LANGUAGES,
  type DateLanguage,
  isDateLanguage,
} from '../prose-dates.js';
import { SettingError } from '../source-kind.js';

/**
 * How a coordinator describes a programme site's call listing, as posted to the API: CSS
 * selectors (cheerio's, i.e. css-select: https://github.com/fb55/css-select#supported-selectors)
 * for one call (`item`) and, inside it, its `title`, `link`, `deadline` and optionally
 * `opening` and `summary`; how its dates are written (`dateFormat` and/or `dateLanguage`).
 */
export interface HtmlListSettings extends CallDefaults {
  item: string;
  title: string;
  /** An `a` element, or an element inside or around one. */
  link: string;
  deadline: string;
  opening: string | null;
  summary: string | null;
  /**
   * A pattern ("DD/MM/YYYY", "DD.MM.YYYY HH:mm", "D MMMM YYYY"). With neither this nor
   * dateLanguage, the numeric forms (DD/MM/YYYY, DD.MM.YYYY, YYYY-MM-DD) are tried.
   */
  dateFormat: string | null;
  /**
   * Prose dates in this language ("15. februar", "5th November 2024"), numeric forms too;
   * with a dateFormat, the language of its month names (MMM, MMMM).
   */
  dateLanguage: DateLanguage | null;
  /** The zone of dates that name none; Europe/Brussels by default. */
  timeZone: string;
  /**
   * What keeps a call the same call from poll to poll: `link` (the item's absolute link,
   * the default; `title#deadline` for an item without one) or `title` (for sites where
   * several calls share one link, such as one "Apply" page).
   */
  naturalKey: NaturalKeyStrategy;
}

export const NATURAL_KEY_STRATEGIES = ['link', 'title'] as const;
export type NaturalKeyStrategy = (typeof NATURAL_KEY_STRATEGIES)[number];

const SELECTORS = ['item', 'title', 'link', 'deadline'] as const;
const OPTIONAL_SELECTORS = ['opening', 'summary'] as const;

export function parseHtmlListSettings(raw: Record<string, unknown>): HtmlListSettings {
  const defaults = callDefaults(raw);
  const [item, title, link, deadline] = SELECTORS.map((name) =>
    checkedSelector(name, requiredString(raw, name)),
  ) as [string, string, string, string];
  const [opening, summary] = OPTIONAL_SELECTORS.map((name) => {
    const value = optionalString(raw, name);
    return value === undefined ? null : checkedSelector(name, value);
  }) as [string | null, string | null];
  const dateLanguage = dateLanguageSetting(raw);
  const dateFormat = optionalString(raw, 'dateFormat') ?? null;
  if (dateFormat !== null) {
    try {
      compileDateFormat(dateFormat, dateLanguage ?? undefined);
    } catch (error) {
      const message = (error as Error).message;
      // A format naming months without their language: the missing setting is the language.
      const setting = /month names/.test(message) ? 'dateLanguage' : 'dateFormat';
      throw new SettingError(setting, message);
    }
  }
  return {
    ...defaults,
    item,
    title,
    link,
    deadline,
    opening,
    summary,
    dateFormat,
    dateLanguage,
    timeZone: timeZoneSetting(raw, 'timeZone', 'Europe/Brussels'),
    naturalKey: naturalKeySetting(raw),
  };
}

/** Cheerio (css-select) throws on a selector it cannot read: say so with the setting's name. */
function checkedSelector(name: string, selector: string): string {
  try {
    load('<html></html>')(selector);
  } catch (error) {
    throw new SettingError(
      name,
      `"${selector}" is not a CSS selector (${(error as Error).message})`,
    );
  }
  return selector;
}

function dateLanguageSetting(raw: Record<string, unknown>): DateLanguage | null {
  const value = optionalString(raw, 'dateLanguage')?.toLowerCase();
  if (value === undefined) return null;
  if (!isDateLanguage(value))
    throw new SettingError('dateLanguage', `"${value}" is not one of ${DATE_LANGUAGES.join(', ')}`);
  return value;
}

function naturalKeySetting(raw: Record<string, unknown>): NaturalKeyStrategy {
  const value = optionalString(raw, 'naturalKey') ?? 'link';
  if (!(NATURAL_KEY_STRATEGIES as readonly string[]).includes(value))
    throw new SettingError(
      'naturalKey',
      `"${value}" is not one of ${NATURAL_KEY_STRATEGIES.join(', ')}`,
    );
  return value as NaturalKeyStrategy;
}
