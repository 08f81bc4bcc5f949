import { FormData } from 'undici';
import { hasDeadlineAhead } from '../deadlines.js';
import type { HttpClient } from '../http/client.js';
import { HttpRequestError } from '../http/errors.js';
import type { CallSupplement, NormalisedCall, PollResult } from '../types.js';
import { normaliseRecord } from './normalise.js';
import { type FtPortalRecord, parseRecord } from './parse.js';
import { LEGACY_DATASOURCE, parseSearchPage, type SediaSearchPage } from './raw.js';
import { selectCurrentRecords } from './select.js';
import {
  fillFromTopicDetails,
  parseTopicDetails,
  recordBasis,
  type TopicDetails,
  topicDetailsOf,
  topicDetailsSupplement,
  topicDetailsUrl,
} from './topic-details.js';

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
function searchRequestBody(settings: FtPortalSettings): FormData {
  const form = new FormData();
  form.append('query', jsonPart(settings.query));
  form.append('languages', jsonPart(settings.languages));
  form.append('sort', jsonPart(settings.sort));
  return form;
}

function searchPageUrl(settings: FtPortalSettings, pageNumber: number): string {
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

interface CollectOptions {
  now: Date;
  /** Fill thin records from topicDetails: fetched live, or re-applied from what was stored. */
  details?: {
    /** Absent in an offline replay: then only stored answers are re-applied. */
    fetch?: {
      http: HttpClient;
      baseUrl: string;
      /** When an answer was fetched (the application clock). */
      clock: { now(): Date };
    };
    /** What earlier polls stored per natural key (NormalisedCall.supplement). */
    known: ReadonlyMap<string, CallSupplement>;
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
 * How long a stored topic-details answer stands for the topic. The details can change
 * without the search record changing, and only asking again tells; a week bounds how stale
 * a thin call's description, keywords and tags can be, for one request per thin topic.
 */
const DETAILS_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * Replaces, in `normalised`, each thin record by its filled-in version. What an earlier
 * poll stored is re-applied as long as it stands (same search record, younger than a week),
 * so an unchanged topic stays exactly as filled; otherwise the details are fetched again
 * (current topics with a deadline ahead only). A failed fetch keeps the stored answer.
 */
async function fillThinRecords(
  raw: FtPortalRecord[],
  normalised: NormalisedCall[],
  details: NonNullable<CollectOptions['details']>,
  now: Date,
  warnings: string[],
): Promise<void> {
  const fill = (index: number, answer: TopicDetails, supplement: CallSupplement) => {
    const filled = normaliseRecord(fillFromTopicDetails(raw[index] as FtPortalRecord, answer));
    normalised[index] = { ...filled, supplement };
  };
  const queue: Array<{ index: number; basis: string; stored: Stored | null }> = [];
  raw.forEach((record, index) => {
    const call = normalised[index] as NormalisedCall;
    if (!call.thin) return;
    const supplement = details.known.get(call.naturalKey);
    const answer = supplement ? topicDetailsOf(supplement) : null;
    const stored = supplement && answer ? { supplement, answer } : null;
    const basis = recordBasis(record);
    const fetchable =
      details.fetch !== undefined &&
      !call.fromLegacyIndex &&
      record.type === '1' &&
      hasDeadlineAhead(call.deadlines, now);
    if (fetchable && !(stored && standsFor(stored.supplement, basis, details.fetch?.clock.now()))) {
      queue.push({ index, basis, stored });
    } else if (stored) fill(index, stored.answer, stored.supplement);
  });
  const wanted = queue.length;
  let missing = 0;
  const fetcher = details.fetch;
  const worker = async () => {
    if (!fetcher) return;
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { index, basis, stored } = next;
      const answer = await fetchTopicDetails(fetcher, raw[index] as FtPortalRecord);
      if (answer) fill(index, answer, topicDetailsSupplement(answer, basis, fetcher.clock.now()));
      else {
        missing += 1;
        // A detail page is a nice-to-have: what it gave before stands; without it, thin.
        if (stored) fill(index, stored.answer, stored.supplement);
      }
    }
  };
  await Promise.all(Array.from({ length: DETAIL_FETCH_CONCURRENCY }, worker));
  if (missing > 0)
    warnings.push(`${missing} of ${wanted} thin records had no usable topic details`);
}

type Stored = { supplement: CallSupplement; answer: TopicDetails };

function standsFor(supplement: CallSupplement, basis: string, now: Date | undefined): boolean {
  const age = (now?.getTime() ?? 0) - Date.parse(supplement.fetchedAt);
  return supplement.basis === basis && age < DETAILS_MAX_AGE_MS;
}

/** The topic's details, or null when the portal has none (404) or the request failed. */
async function fetchTopicDetails(
  fetcher: NonNullable<NonNullable<CollectOptions['details']>['fetch']>,
  record: FtPortalRecord,
): Promise<TopicDetails | null> {
  try {
    const response = await fetcher.http.request(
      topicDetailsUrl(fetcher.baseUrl, record.identifier),
      { acceptStatuses: [404] },
    );
    return response.status === 200 ? parseTopicDetails(response.body) : null;
  } catch (error) {
    if (!(error instanceof HttpRequestError)) throw error;
    return null;
  }
}
