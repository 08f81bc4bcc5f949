import { FormData } from 'undici';
import { hasDeadlineAhead } from '../deadlines.js';
import type { HttpClient } from '../http/client.js';
import { HttpRequestError } from '../http/errors.js';
import type { NormalisedCall, PollResult } from '../types.js';
import { normaliseRecord } from './normalise.js';
import { type FtPortalRecord, parseRecord } from './parse.js';
import { LEGACY_DATASOURCE, parseSearchPage, type SediaSearchPage } from './raw.js';
import { selectCurrentRecords } from './select.js';
import { fillFromTopicDetails, parseTopicDetails, topicDetailsUrl } from './topic-details.js';

export interface FtPortalSettings {
  searchUrl: string;
  topicDetailsUrl: string;
  /** The API caps a page at 100. */
  pageSize: number;
  /** A guard against a runaway totalResults; 100 pages is 10,000 records. */
  maxPages: number;
  /** Elasticsearch-style query: grants (1) and EuropeAid (2), forthcoming and open. */
  query: unknown;
  languages: string[];
  /**
   * Without a sort part the API pages by relevance, which reorders between requests and
   * repeats or skips records across pages. A sort part keeps paging stable.
   */
  sort: { field: string; order: 'ASC' | 'DESC' };
}

export const DEFAULT_FT_PORTAL_SETTINGS: Omit<FtPortalSettings, 'searchUrl' | 'topicDetailsUrl'> = {
  pageSize: 100,
  maxPages: 100,
  query: {
    bool: {
      must: [{ terms: { type: ['1', '2'] } }, { terms: { status: ['31094502', '31094501'] } }],
    },
  },
  languages: ['en'],
  sort: { field: 'sortStatus', order: 'ASC' },
};

function jsonPart(value: unknown): Blob {
  return new Blob([JSON.stringify(value)], { type: 'application/json' });
}

/** The request shape the portal's own front end sends: JSON blobs in a multipart body. */
export function searchRequestBody(settings: FtPortalSettings): FormData {
  const form = new FormData();
  form.append('query', jsonPart(settings.query));
  form.append('languages', jsonPart(settings.languages));
  form.append('sort', jsonPart(settings.sort));
  return form;
}

export function searchPageUrl(settings: FtPortalSettings, pageNumber: number): string {
  const url = new URL(settings.searchUrl);
  url.searchParams.set('apiKey', 'SEDIA');
  url.searchParams.set('text', '***');
  url.searchParams.set('pageSize', String(settings.pageSize));
  url.searchParams.set('pageNumber', String(pageNumber));
  return url.toString();
}

export interface PageProgress {
  pageNumber: number;
  pages: number;
  records: number;
}

/** Pages 1…N until the last page (or an empty one), as the API reports totalResults. */
export async function* fetchSearchPages(
  http: HttpClient,
  settings: FtPortalSettings,
): AsyncGenerator<SediaSearchPage> {
  for (let pageNumber = 1; pageNumber <= settings.maxPages; pageNumber += 1) {
    const response = await http.request(searchPageUrl(settings, pageNumber), {
      method: 'POST',
      body: searchRequestBody(settings),
    });
    const page = parseSearchPage(response.body);
    yield page;
    const lastPage = Math.ceil(page.totalResults / settings.pageSize);
    if (page.results.length === 0 || pageNumber >= lastPage) return;
  }
}

export interface CollectOptions {
  now: Date;
  /** Fill thin records from topicDetails (skipped in offline replays). */
  details?: {
    http: HttpClient;
    baseUrl: string;
    /** Natural keys whose stored call already has a description: no need to fetch again. */
    alreadyDescribed: ReadonlySet<string>;
  };
  onPage?: (progress: PageProgress) => void;
}

/** Reads every page, then decodes, fills thin records, normalises and de-duplicates. */
export async function collectPoll(
  pages: AsyncIterable<SediaSearchPage>,
  options: CollectOptions,
): Promise<PollResult> {
  const raw: FtPortalRecord[] = [];
  const warnings: string[] = [];
  const emptyPages: number[] = [];
  let pageCount = 0;
  let totalResults = 0;
  for await (const page of pages) {
    pageCount += 1;
    totalResults = page.totalResults;
    const expectedPages = Math.ceil(page.totalResults / Math.max(page.pageSize, 1));
    if (page.results.length === 0 && pageCount <= expectedPages) emptyPages.push(pageCount);
    raw.push(...page.results.map(parseRecord));
    options.onPage?.({ pageNumber: pageCount, pages: expectedPages, records: raw.length });
  }
  if (raw.length < totalResults) {
    warnings.push(`received ${raw.length} of ${totalResults} records the portal reported`);
  }
  const normalised = raw.map(normaliseRecord);
  if (options.details)
    await fillThinRecords(raw, normalised, options.details, options.now, warnings);
  const records = selectCurrentRecords(normalised, options.now);
  const repeats =
    raw.length - new Set(raw.map((record) => `${record.datasource}:${record.reference}`)).size;
  if (repeats > 0) warnings.push(`${repeats} records were repeated across pages`);
  return {
    records,
    pages: pageCount,
    received: raw.length,
    skipped: raw.length - records.length,
    legacyRecords: raw.filter((record) => record.datasource === LEGACY_DATASOURCE).length,
    emptyPages,
    warnings,
  };
}

const DETAIL_FETCH_CONCURRENCY = 4;

/**
 * Replaces, in `normalised`, the thin records worth a detail request (current topics with a
 * deadline ahead, not described before) by their filled-in versions.
 */
async function fillThinRecords(
  raw: FtPortalRecord[],
  normalised: NormalisedCall[],
  details: NonNullable<CollectOptions['details']>,
  now: Date,
  warnings: string[],
): Promise<void> {
  const queue = raw
    .map((record, index) => ({ record, index }))
    .filter(({ record, index }) => {
      const call = normalised[index] as NormalisedCall;
      return (
        call.thin &&
        !call.fromLegacyIndex &&
        record.type === '1' &&
        !details.alreadyDescribed.has(call.naturalKey) &&
        hasDeadlineAhead(call.deadlines, now)
      );
    });
  const wanted = queue.length;
  let missing = 0;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { record, index } = next;
      try {
        const response = await details.http.request(
          topicDetailsUrl(details.baseUrl, record.identifier),
          {
            acceptStatuses: [404],
          },
        );
        const parsed = response.status === 200 ? parseTopicDetails(response.body) : null;
        if (parsed) normalised[index] = normaliseRecord(fillFromTopicDetails(record, parsed));
        else missing += 1;
      } catch (error) {
        // A detail page is a nice-to-have: the call is still ingested, just thin.
        if (!(error instanceof HttpRequestError)) throw error;
        missing += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: DETAIL_FETCH_CONCURRENCY }, worker));
  if (missing > 0)
    warnings.push(`${missing} of ${wanted} thin records had no usable topic details`);
}
