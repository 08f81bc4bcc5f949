/**
 * The SEDIA search API's result shape, as far as we read it. Every metadata value is an
 * array of strings; some of those strings hold JSON (actions, budgetOverview, links, and
 * in older records keywords).
 */
export interface SediaResult {
  reference: string;
  url?: string;
  summary?: string;
  content?: string;
  language?: string;
  metadata?: Record<string, string[] | undefined>;
}

export interface SediaSearchPage {
  totalResults: number;
  pageNumber: number;
  pageSize: number;
  results: SediaResult[];
}

/** The legacy index the portal sometimes mixes in, with stale flags and old deadlines. */
export const LEGACY_DATASOURCE = 'SEDIA_PRD_CENTRICITY';

/** `type` values: 1 grant topic, 2 EuropeAid (PROSPECT) call, 8 cascade funding call. */
export const CASCADE_FUNDING_TYPE = '8';

/** Validates the envelope of a search response; throws a message a run log can show. */
export function parseSearchPage(body: string): SediaSearchPage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new MalformedResponseError(
      `search response is not valid JSON (${body.length} bytes): ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new MalformedResponseError('search response is not a JSON object');
  }
  const page = parsed as Partial<SediaSearchPage>;
  if (typeof page.totalResults !== 'number' || !Array.isArray(page.results)) {
    throw new MalformedResponseError('search response lacks totalResults or results');
  }
  return {
    totalResults: page.totalResults,
    pageNumber: typeof page.pageNumber === 'number' ? page.pageNumber : 0,
    pageSize: typeof page.pageSize === 'number' ? page.pageSize : page.results.length,
    results: page.results.filter(
      (result): result is SediaResult =>
        typeof result === 'object' && result !== null && typeof result.reference === 'string',
    ),
  };
}

export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}
