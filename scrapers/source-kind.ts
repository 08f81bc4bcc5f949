import type { PollResult, SourceCalendar } from './types.js';

/**
 * The contract between ingestion and one kind of source (interreg.eu's Algolia index, an
 * iCalendar feed, Euro-Access, an RSS feed, a programme site read with CSS selectors). A
 * kind knows how to read its pages; politeness (robots.txt, per-host limits, retries, the
 * SSRF guard) and conditional requests belong to the PageFetcher it is handed, and storing
 * what it found belongs to ingestion (src/ingest), so a kind is a settings check, a
 * collector and a replay, nothing more.
 */
export interface SourceKindDefinition<Settings> {
  /** The source's days: the zone it states dates in (a poll is "for" one of its days). */
  calendar: SourceCalendar;
  /**
   * The stored or posted settings as the kind uses them, defaults filled in. Throws a
   * SettingError naming the first setting that is wrong (a missing selector, an unknown
   * date language), so the API answers 400 with that name.
   */
  parseSettings(raw: Record<string, unknown>): Settings;
  /** One live poll through the fetcher. Throwing fails the run and changes no call. */
  collect(input: CollectInput<Settings>): Promise<PollResult>;
  /**
   * The same poll from recorded pages in a folder (its layout is the kind's, documented in
   * its module), with no network: demos and tests. `fetchedAt` is when the recording was
   * made, when the files say so; a replay's records count as seen then.
   */
  replay(input: ReplayInput<Settings>): Promise<PollResult & { fetchedAt?: Date }>;
}

export interface CollectInput<Settings> {
  fetcher: PageFetcher;
  /** The source's base URL: the listing page, the feed or the calendar. */
  baseUrl: string;
  settings: Settings;
  /** The instant statuses are derived for (deadlines already past are kept, not dropped). */
  now: Date;
  /**
   * The test fetch before an admin's source is saved: a setting that yields nothing (an item
   * selector matching no element, a deadline selector whose dates never parse) throws a
   * SettingError naming it instead of returning an empty or partial poll.
   */
  strict?: boolean;
}

export interface ReplayInput<Settings> {
  folder: string;
  baseUrl: string;
  settings: Settings;
  now: Date;
}

/**
 * How a kind fetches. GET may be conditional: the fetcher sends the validators (ETag,
 * Last-Modified) it stored for the URL after the last applied poll, and answers a 304 with
 * what the kind remembered for that page then, so an unchanged page costs no parsing.
 */
export interface PageFetcher {
  get(url: string, options?: GetOptions): Promise<FetchedPage>;
  /** A POST (a search API's query); never conditional. */
  post(url: string, body: string, headers?: Record<string, string>): Promise<FreshPage>;
  /**
   * What the kind made of a page it fetched fresh (its parsed records, JSON-safe), kept with
   * the page's validators once the poll is stored; a later 304 hands it back. A page fetched
   * conditionally but never remembered is fetched unconditionally next time.
   */
  remember(url: string, parsed: unknown): void;
}

export interface GetOptions {
  /** Send the stored validators; a 304 comes back as a NotModifiedPage. */
  conditional?: boolean;
  headers?: Record<string, string>;
}

export interface FreshPage {
  notModified: false;
  /** The URL that answered, after redirects: links in the page resolve against it. */
  url: string;
  status: number;
  body: string;
  contentType: string | null;
}

export interface NotModifiedPage {
  notModified: true;
  url: string;
  /** What the kind remembered for this URL after the last applied poll. */
  remembered: unknown;
}

export type FetchedPage = FreshPage | NotModifiedPage;

/** A setting is missing, malformed, or yields nothing on the source's page. */
export class SettingError extends Error {
  constructor(
    /** The setting's name as the API takes it: `item`, `deadline`, `baseUrl`, `schedule`. */
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'SettingError';
  }
}
