/**
 * interreg.eu's Algolia answers, read into what the kind uses. The multi-query endpoint
 * answers `{"results":[{"hits":[…],"nbHits":…,"page":…,"nbPages":…}]}`
 * (https://www.algolia.com/doc/rest-api/search/#search-multiple-indices); a recording may
 * also hold a single index's answer (`{"hits":[…]}`). Hit fields are the site's own
 * (the shared recording's README lists them); each is read defensively, since the index is
 * fed from keep.eu and a field may be missing or change type.
 */
export interface AlgoliaResultPage {
  hits: InterregHit[];
  /** Hits matching the query over all pages, as Algolia counts them; null when absent. */
  nbHits: number | null;
  nbPages: number | null;
  page: number | null;
}

export interface InterregHit {
  objectID: string | null;
  pageId: number | null;
  title: string | null;
  nodeName: string | null;
  contentUrl: string | null;
  callOpenDate: string | null;
  callDeadlineDate: string | null;
  callEligibleCountryNuts: string[];
  callEligibleRegionNuts: string[];
  callThemes: string[];
  themes: string[];
  targetAudience: string[];
  associatedProgrammes: string[];
  callExternalUrl: string | null;
  /** The first text field the hit has, of those the site could use for a summary. */
  description: string | null;
}

/** The answer was not Algolia's JSON (an HTML error page, a truncated body). */
export class AlgoliaResponseError extends Error {
  override name = 'AlgoliaResponseError';
}

/**
 * Text fields a content index usually carries for a teaser, most specific first. The
 * recorded hits have none of them (the calls are thin); the names are Umbraco's and
 * InstantSearch templates' usual ones.
 */
const DESCRIPTION_FIELDS = [
  'callSummary',
  'summary',
  'description',
  'intro',
  'introduction',
  'teaser',
  'excerpt',
  'metaDescription',
  'bodyText',
  'text',
] as const;

export function parseAlgoliaResponse(body: string, origin: string): AlgoliaResultPage {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    throw new AlgoliaResponseError(`${origin} is not JSON: ${body.slice(0, 80)}`);
  }
  const result = resultOf(document);
  if (!result || !Array.isArray(result.hits))
    throw new AlgoliaResponseError(`${origin} has no results[0].hits: not an Algolia answer`);
  return {
    hits: result.hits.filter(isObject).map(hitOf),
    nbHits: count(result.nbHits),
    nbPages: count(result.nbPages),
    page: count(result.page),
  };
}

function resultOf(document: unknown): Record<string, unknown> | null {
  if (!isObject(document)) return null;
  if (Array.isArray(document.results)) {
    const first = document.results[0];
    return isObject(first) ? first : null;
  }
  return document;
}

function hitOf(raw: Record<string, unknown>): InterregHit {
  return {
    objectID: text(raw.objectID),
    pageId: count(raw.pageId),
    title: text(raw.title),
    nodeName: text(raw.nodeName),
    contentUrl: text(raw.contentUrl),
    callOpenDate: text(raw.callOpenDate),
    callDeadlineDate: text(raw.callDeadlineDate),
    callEligibleCountryNuts: texts(raw.callEligibleCountryNuts),
    callEligibleRegionNuts: texts(raw.callEligibleRegionNuts),
    callThemes: texts(raw.callThemes),
    themes: texts(raw.themes),
    targetAudience: texts(raw.targetAudience),
    associatedProgrammes: texts(raw.associatedProgrammes),
    callExternalUrl: text(raw.callExternalUrl),
    description: DESCRIPTION_FIELDS.map((field) => text(raw[field])).find(Boolean) ?? null,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A list of strings; a lone string counts as a list of one. */
function texts(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map(text).filter((item): item is string => item !== null);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}
