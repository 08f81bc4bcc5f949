import { HttpRequestError } from '../http/errors.js';
import { type CollectInput, type PageFetcher, SettingError } from '../source-kind.js';
import type { PollResult } from '../types.js';
import {
  type AlgoliaCredentials,
  credentialsInPage,
  credentialsInScript,
  type FoundCredentials,
  sameOriginScripts,
} from './credentials.js';
import { AlgoliaResponseError } from './parse.js';
import { queryAllPages } from './query.js';
import { recordsOf } from './records.js';
import type { InterregAlgoliaSettings } from './settings.js';

/** Scripts of the page searched for credentials the markup lacks: a bundle or two, not all. */
const MAX_SCRIPTS = 8;
/** Algolia's answers to a key it does not know, or no longer knows. */
const REFUSED = new Set([401, 403]);

/** The kind cannot go on: the reason is for an admin, with what to do about it. */
export class InterregAlgoliaError extends Error {
  override name = 'InterregAlgoliaError';
}

/**
 * One poll: the credentials (pinned in the settings, else read from the calls page), then
 * the Algolia query. When Algolia refuses the key (it rotated since the page was read, or
 * a CDN served an old page), the page is read once more and the query retried with what
 * it carries now; a second refusal fails the run.
 *
 * The calls page is fetched unconditionally: a 304 on it would make the whole poll look
 * unchanged to the PollFetcher (it counts GETs only), and the POST's fresh answer would be
 * dropped as "not modified". Re-reading the page costs one small request per poll.
 */
export async function collectInterregCalls(
  input: CollectInput<InterregAlgoliaSettings>,
): Promise<PollResult> {
  const { fetcher, baseUrl, settings, strict = false } = input;
  const warnings: string[] = [];
  const pinned = pinnedCredentials(settings);
  let credentials = pinned ?? (await pageCredentials(fetcher, baseUrl, warnings, strict, false));
  let pages: Awaited<ReturnType<typeof queryAllPages>>;
  try {
    pages = await query(input, credentials, warnings);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    if (pinned) throw refusal(error, 'the appId and apiKey in the settings', strict, 'apiKey');
    const renewed = await pageCredentials(fetcher, baseUrl, warnings, strict, true);
    if (renewed.appId === credentials.appId && renewed.apiKey === credentials.apiKey)
      throw refusal(error, `the key ${baseUrl} still offers (${renewed.where})`, strict, 'baseUrl');
    warnings.push(`Algolia refused the key read from ${baseUrl}; the page now offers another`);
    credentials = renewed;
    try {
      pages = await query(input, credentials, warnings);
    } catch (retryError) {
      if (!isRefusal(retryError)) throw retryError;
      throw refusal(retryError, `the renewed key from ${baseUrl}`, strict, 'baseUrl');
    }
  }
  const result = recordsOf(pages, { baseUrl, defaults: settings });
  if (strict && result.records.length === 0)
    throw new SettingError(
      'filters',
      `matched no call in Algolia index ${settings.indexName} (${result.received} hits)`,
    );
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

function pinnedCredentials(settings: InterregAlgoliaSettings): AlgoliaCredentials | null {
  return settings.appId && settings.apiKey
    ? { appId: settings.appId, apiKey: settings.apiKey }
    : null;
}

async function query(
  input: CollectInput<InterregAlgoliaSettings>,
  credentials: AlgoliaCredentials,
  warnings: string[],
) {
  try {
    return await queryAllPages(input.fetcher, input.settings, credentials, warnings);
  } catch (error) {
    if (!input.strict) throw error;
    // The test fetch names the setting an admin can fix.
    if (error instanceof HttpRequestError && error.status === 404)
      throw new SettingError(
        'indexName',
        `Algolia answered 404: no index ${input.settings.indexName}?`,
      );
    if (error instanceof HttpRequestError && error.status === 400)
      throw new SettingError(
        'filters',
        `Algolia rejected the query (HTTP 400): ${input.settings.filters}`,
      );
    if (error instanceof AlgoliaResponseError) throw new SettingError('searchUrl', error.message);
    throw error;
  }
}

function isRefusal(error: unknown): error is HttpRequestError {
  return error instanceof HttpRequestError && error.status !== null && REFUSED.has(error.status);
}

function refusal(error: HttpRequestError, whose: string, strict: boolean, setting: string): Error {
  const message = `Algolia refused ${whose} (HTTP ${error.status}); set appId and apiKey in the source's settings, or check how the calls page carries them now`;
  return strict
    ? new SettingError(setting, message)
    : new InterregAlgoliaError(message, { cause: error });
}

/**
 * The credentials on the calls page, or in its own scripts when the markup has none. A
 * re-read after a refusal asks caches for a fresh copy.
 */
async function pageCredentials(
  fetcher: PageFetcher,
  baseUrl: string,
  warnings: string[],
  strict: boolean,
  reread: boolean,
): Promise<FoundCredentials> {
  const page = await fetchText(fetcher, baseUrl, reread, strict);
  const found = credentialsInPage(page.body) ?? (await scriptCredentials(fetcher, page, warnings));
  if (found) return found;
  const message = `no Algolia application id and search key found in ${page.url} or its scripts: the page's layout changed? Set appId and apiKey in the source's settings meanwhile`;
  throw strict ? new SettingError('baseUrl', message) : new InterregAlgoliaError(message);
}

async function scriptCredentials(
  fetcher: PageFetcher,
  page: { url: string; body: string },
  warnings: string[],
): Promise<FoundCredentials | null> {
  for (const src of sameOriginScripts(page.body, page.url).slice(0, MAX_SCRIPTS)) {
    let script: { body: string };
    try {
      script = await fetchText(fetcher, src, false, false);
    } catch (error) {
      // One missing bundle does not fail the poll; the next script may still hold them.
      if (!(error instanceof HttpRequestError)) throw error;
      warnings.push(`${src}: ${error.message}`);
      continue;
    }
    const found = credentialsInScript(script.body);
    if (found) return { ...found, where: `script ${new URL(src).pathname}` };
  }
  return null;
}

async function fetchText(
  fetcher: PageFetcher,
  url: string,
  reread: boolean,
  strict: boolean,
): Promise<{ url: string; body: string }> {
  try {
    const page = await fetcher.get(url, reread ? { headers: { 'cache-control': 'no-cache' } } : {});
    // Not asked conditionally, so never a 304; the type allows one.
    if (page.notModified) throw new InterregAlgoliaError(`${url} answered 304 to a plain GET`);
    return page;
  } catch (error) {
    if (strict && error instanceof HttpRequestError)
      throw new SettingError('baseUrl', error.message);
    throw error;
  }
}
