import type { PageFetcher } from '../source-kind.js';
import type { AlgoliaCredentials } from './credentials.js';
import { type AlgoliaResultPage, parseAlgoliaResponse } from './parse.js';
import { type InterregAlgoliaSettings, searchUrlFor } from './settings.js';

/**
 * Algolia serves at most `paginationLimitedTo` hits (1,000 by default) however many pages
 * are asked for: two pages of 500. The cap only stops a misbehaving answer from looping.
 * https://www.algolia.com/doc/api-reference/api-parameters/paginationLimitedTo/
 */
const MAX_PAGES = 20;

export type QuerySettings = Pick<
  InterregAlgoliaSettings,
  'indexName' | 'filters' | 'hitsPerPage' | 'searchUrl'
>;

/** The query body the calls page's widget sends, for one page (0-based) of hits. */
export function queryBody(settings: QuerySettings, page: number): string {
  return JSON.stringify({
    requests: [
      {
        indexName: settings.indexName,
        filters: settings.filters,
        hitsPerPage: settings.hitsPerPage,
        query: '',
        page,
      },
    ],
  });
}

/**
 * Every page of the open and forthcoming calls. A POST is never conditional and nothing
 * is remembered for it: the index is small (a few hundred calls), one or two requests.
 */
export async function queryAllPages(
  fetcher: PageFetcher,
  settings: QuerySettings,
  credentials: AlgoliaCredentials,
  warnings: string[],
): Promise<AlgoliaResultPage[]> {
  const url = searchUrlFor(settings.searchUrl, credentials.appId);
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-algolia-application-id': credentials.appId,
    'x-algolia-api-key': credentials.apiKey,
  };
  const pages: AlgoliaResultPage[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await fetcher.post(url, queryBody(settings, page), headers);
    const result = parseAlgoliaResponse(answer.body, `Algolia's answer from ${answer.url}`);
    pages.push(result);
    const total = result.nbPages ?? 1;
    if (page + 1 >= total || result.hits.length === 0) return pages;
  }
  warnings.push(`Algolia announced more than ${MAX_PAGES} pages; read the first ${MAX_PAGES}`);
  return pages;
}
