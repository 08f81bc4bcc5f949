import { SettingError } from './source-kind.js';
import type { NormalisedCall } from './types.js';

/**
 * Reading a kind's settings (a JSON object an admin posted or a ready configuration holds):
 * each reader names the setting it rejects, so the API's 400 says which one to fix.
 */
export function optionalString(raw: Record<string, unknown>, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new SettingError(name, 'must be a string');
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function requiredString(raw: Record<string, unknown>, name: string): string {
  const value = optionalString(raw, name);
  if (value === undefined) throw new SettingError(name, 'is required');
  return value;
}

export function optionalNumber(
  raw: Record<string, unknown>,
  name: string,
  bounds: { min: number; max: number },
): number | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new SettingError(name, 'must be a number');
  if (value < bounds.min || value > bounds.max)
    throw new SettingError(name, `must be between ${bounds.min} and ${bounds.max}`);
  return value;
}

/** ISO 3166-1 alpha-2 codes, upper-cased: `["SE", "NO"]` or `"SE,NO"`. */
export function countryList(raw: Record<string, unknown>, name: string): string[] {
  const value = raw[name];
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string'))
    throw new SettingError(name, 'must be a list of two-letter country codes');
  const codes = (items as string[]).map((item) => item.trim().toUpperCase()).filter(Boolean);
  const wrong = codes.find((code) => !/^[A-Z]{2}$/.test(code));
  if (wrong) throw new SettingError(name, `"${wrong}" is not a two-letter country code`);
  return [...new Set(codes)];
}

/** An IANA time zone Intl knows, e.g. Europe/Oslo. */
export function timeZoneSetting(
  raw: Record<string, unknown>,
  name: string,
  fallback: string,
): string {
  const value = optionalString(raw, name) ?? fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw new SettingError(name, `"${value}" is not a time zone (e.g. Europe/Oslo)`);
  }
  return value;
}

/** What every kind may be told about the calls it reads, when the pages do not say it. */
export interface CallDefaults {
  /** The programme the source's calls belong to (a programme site), shown and matched. */
  programmeName: string | null;
  programmeCode: string | null;
  /** The language the pages are written in (ISO 639-1); en by default. */
  language: string;
  /** Where applicants must be: a programme area's countries (ISO 3166-1 alpha-2). */
  eligibleCountries: string[];
  /** NUTS codes of the programme area, when it covers parts of countries. */
  eligibleRegions: string[];
}

const LANGUAGES = new Set(['en', 'sv', 'nb', 'nn', 'no', 'da', 'fi', 'de', 'fr']);

export function callDefaults(raw: Record<string, unknown>): CallDefaults {
  const language = (optionalString(raw, 'language') ?? 'en').toLowerCase();
  if (!LANGUAGES.has(language))
    throw new SettingError('language', `"${language}" is not one of ${[...LANGUAGES].join(', ')}`);
  const regions = raw.eligibleRegions;
  if (
    regions !== undefined &&
    (!Array.isArray(regions) || regions.some((code) => !/^[A-Z]{2}[0-9A-Z]{0,3}$/.test(code)))
  )
    throw new SettingError('eligibleRegions', 'must be a list of NUTS codes such as SE110');
  return {
    programmeName: optionalString(raw, 'programmeName') ?? null,
    programmeCode: optionalString(raw, 'programmeCode') ?? null,
    language,
    eligibleCountries: countryList(raw, 'eligibleCountries'),
    eligibleRegions: (regions as string[] | undefined) ?? [],
  };
}

/**
 * The fields of a call from outside the portal that its source's settings give, or that
 * such a source never has (the portal's call titles, strands, action categories, applicant
 * types, legacy index): each kind spreads these and sets what its pages say.
 */
export function outsideThePortal(defaults: CallDefaults) {
  return {
    programmeCode: defaults.programmeCode,
    programmeName: defaults.programmeName,
    callIdentifier: null,
    callTitle: null,
    programmeStrands: [],
    typeOfAction: null,
    actionCategory: null,
    budget: null,
    eligibleCountries: defaults.eligibleCountries,
    eligibleRegions: defaults.eligibleRegions,
    applicantTypes: [],
    tags: [],
    keywords: [],
    language: defaults.language,
    links: [],
    fromLegacyIndex: false,
  } satisfies Partial<NormalisedCall>;
}
