import {
  type CallDefaults,
  callDefaults,
  optionalNumber,
  optionalString,
} from '../kind-settings.js';
import { SettingError } from '../source-kind.js';

/**
 * How the kind reads interreg.eu's "Calls for projects" search. Everything but the
 * credentials has the value the page's own widget sends (fundhunt's docs/sources.md and the
 * shared recording's README), so a ready configuration needs no settings at all.
 */
export interface InterregAlgoliaSettings extends CallDefaults {
  /**
   * The Algolia application id and search-only key, when an admin pins them. Null: read
   * from the calls page at every poll, because the site rotates them.
   */
  appId: string | null;
  apiKey: string | null;
  indexName: string;
  /** Algolia filter syntax: https://www.algolia.com/doc/api-reference/api-parameters/filters/ */
  filters: string;
  hitsPerPage: number;
  /** The multi-query endpoint; `{appId}` is replaced by the application id. */
  searchUrl: string;
}

export const DEFAULT_INDEX_NAME = 'prod_en-us_content';
export const DEFAULT_FILTERS =
  'contentType:callForProjectsPage AND (callStatus:Open OR callStatus:Forthcoming)';
export const DEFAULT_HITS_PER_PAGE = 500;
export const DEFAULT_SEARCH_URL = 'https://{appId}-dsn.algolia.net/1/indexes/*/queries';
/** Algolia refuses more: https://www.algolia.com/doc/api-reference/api-parameters/hitsPerPage/ */
const MAX_HITS_PER_PAGE = 1000;

/** Application ids are ten letters and digits (e.g. BH4D9OD16A); a little slack either way. */
export const APP_ID_PATTERN = /^[A-Za-z0-9]{6,12}$/;
/** Search-only keys are 32 hex digits; secured keys are longer base64. */
export const API_KEY_PATTERN = /^[A-Za-z0-9+/=_-]{16,512}$/;

export function parseInterregAlgoliaSettings(
  raw: Record<string, unknown>,
): InterregAlgoliaSettings {
  const appId = optionalString(raw, 'appId') ?? null;
  const apiKey = optionalString(raw, 'apiKey') ?? null;
  if (appId !== null && !APP_ID_PATTERN.test(appId))
    throw new SettingError('appId', 'is not an Algolia application id (ten letters and digits)');
  if (apiKey !== null && !API_KEY_PATTERN.test(apiKey))
    throw new SettingError('apiKey', 'is not an Algolia search key');
  // One without the other would mix a pinned value with one read from the page, which
  // rotate together: an admin pins both or neither.
  if (appId !== null && apiKey === null)
    throw new SettingError('apiKey', 'is required when appId is set');
  if (apiKey !== null && appId === null)
    throw new SettingError('appId', 'is required when apiKey is set');
  const hitsPerPage =
    optionalNumber(raw, 'hitsPerPage', { min: 1, max: MAX_HITS_PER_PAGE }) ?? DEFAULT_HITS_PER_PAGE;
  if (!Number.isInteger(hitsPerPage))
    throw new SettingError('hitsPerPage', 'must be a whole number');
  const searchUrl = optionalString(raw, 'searchUrl') ?? DEFAULT_SEARCH_URL;
  checkSearchUrl(searchUrl);
  return {
    ...callDefaults(raw),
    appId,
    apiKey,
    indexName: optionalString(raw, 'indexName') ?? DEFAULT_INDEX_NAME,
    filters: optionalString(raw, 'filters') ?? DEFAULT_FILTERS,
    hitsPerPage,
    searchUrl,
  };
}

/** The endpoint for one application id. */
export function searchUrlFor(template: string, appId: string): string {
  return template.replaceAll('{appId}', encodeURIComponent(appId));
}

function checkSearchUrl(template: string): void {
  let url: URL;
  try {
    url = new URL(searchUrlFor(template, 'APPID12345'));
  } catch {
    throw new SettingError('searchUrl', `"${template}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new SettingError('searchUrl', 'must be an http(s) URL');
}
