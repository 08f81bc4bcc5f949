import type { FetchedPage, FreshPage, GetOptions, PageFetcher } from '../source-kind.js';
import type { HttpClient } from './client.js';
import { RobotsDisallowedError } from './errors.js';
import { type RobotsRules, readRobotsRules, robotsAgentOf } from './robots.js';

/** A page's validators and what the kind made of it, as stored after an applied poll. */
export interface StoredPage {
  etag: string | null;
  lastModified: string | null;
  remembered: unknown;
}

/**
 * The fetcher one poll of one source uses: conditional GETs against the validators stored
 * after the source's last applied poll (`known`), and the pages to store once this poll is
 * applied (`pagesToStore`). Nothing is written here: a poll that fails after fetching
 * stores no validator, so the next poll fetches the pages again instead of being told 304
 * about records that never reached the database.
 *
 * Before its first request to an origin it reads that origin's robots.txt (kept per
 * HttpClient for an hour, robots.ts): a path disallowed for our agent throws
 * RobotsDisallowedError, and a Crawl-delay spaces this fetcher's requests to the host.
 */
export class PollFetcher implements PageFetcher {
  private readonly fresh = new Map<string, { etag: string | null; lastModified: string | null }>();
  private readonly remembered = new Map<string, unknown>();
  private readonly notModified = new Set<string>();
  /** A POST (a search query) always answers afresh: such a poll is never unchanged. */
  private posted = false;
  private readonly robots = new Map<string, Promise<RobotsRules>>();
  private readonly notes: string[] = [];

  constructor(
    private readonly http: HttpClient,
    private readonly known: ReadonlyMap<string, StoredPage> = new Map(),
    /** Sources an admin configures: the SSRF guard checks every hop (client.ts). */
    private readonly options: { publicAddressesOnly: boolean } = { publicAddressesOnly: true },
  ) {}

  async get(url: string, options: GetOptions = {}): Promise<FetchedPage> {
    const minIntervalMs = await this.politeInterval(url);
    const stored = options.conditional ? this.known.get(url) : undefined;
    const validators: Record<string, string> = {};
    if (stored?.etag) validators['if-none-match'] = stored.etag;
    if (stored?.lastModified) validators['if-modified-since'] = stored.lastModified;
    const response = await this.http.request(url, {
      headers: { ...options.headers, ...validators },
      acceptStatuses: stored ? [304] : [],
      publicAddressesOnly: this.options.publicAddressesOnly,
      minIntervalMs,
    });
    if (response.status === 304 && stored) {
      this.notModified.add(url);
      return { notModified: true, url, remembered: stored.remembered };
    }
    this.fresh.set(url, {
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    });
    return pageOf(response);
  }

  async post(url: string, body: string, headers: Record<string, string> = {}): Promise<FreshPage> {
    this.posted = true;
    const minIntervalMs = await this.politeInterval(url);
    const response = await this.http.request(url, {
      method: 'POST',
      body,
      headers,
      publicAddressesOnly: this.options.publicAddressesOnly,
      minIntervalMs,
    });
    return pageOf(response);
  }

  remember(url: string, parsed: unknown): void {
    this.remembered.set(url, parsed);
  }

  /**
   * What the poll should report beside its records: a robots.txt that could not be read
   * (fetched as if it allowed everything), a Crawl-delay longer than a poll waits.
   */
  warnings(): string[] {
    return [...this.notes];
  }

  /** Whether every request of this poll was a conditional GET answered 304. */
  allNotModified(): boolean {
    return this.notModified.size > 0 && this.fresh.size === 0 && !this.posted;
  }

  /**
   * The pages to store with the poll: fetched fresh with a validator, and remembered by the
   * kind. Pages answered 304 keep what is stored.
   */
  pagesToStore(): Map<string, StoredPage> {
    const pages = new Map<string, StoredPage>();
    for (const [url, validators] of this.fresh) {
      if (!this.remembered.has(url)) continue;
      if (!validators.etag && !validators.lastModified) continue;
      pages.set(url, { ...validators, remembered: this.remembered.get(url) });
    }
    return pages;
  }

  /**
   * Throws RobotsDisallowedError when robots.txt forbids the URL to our agent; otherwise the
   * interval its host's requests keep (the Crawl-delay, if any, capped at MAX_CRAWL_DELAY_MS).
   */
  private async politeInterval(url: string): Promise<number | undefined> {
    const { origin, host } = new URL(url);
    const rules = await this.robotsOf(origin, host);
    if (!rules.allows(url))
      throw new RobotsDisallowedError(url, robotsAgentOf(this.http.userAgent));
    if (rules.crawlDelayMs === null) return undefined;
    return Math.min(rules.crawlDelayMs, MAX_CRAWL_DELAY_MS);
  }

  /** Once per origin in this fetcher; the client's cache spares the request across polls. */
  private robotsOf(origin: string, host: string): Promise<RobotsRules> {
    const known = this.robots.get(origin);
    if (known) return known;
    const rules = this.http.robots
      .rulesFor(origin, () =>
        readRobotsRules(origin, this.http.userAgent, (robotsUrl) =>
          this.http.request(robotsUrl, {
            acceptStatuses: CLIENT_ERRORS,
            publicAddressesOnly: this.options.publicAddressesOnly,
          }),
        ),
      )
      .then((loaded) => {
        if (loaded.unreadable !== null) {
          this.notes.push(
            `robots.txt of ${host} could not be read (${loaded.unreadable}); fetched as if it allowed everything`,
          );
        }
        if (loaded.crawlDelayMs !== null && loaded.crawlDelayMs > MAX_CRAWL_DELAY_MS) {
          this.notes.push(
            `robots.txt of ${host} asks for a Crawl-delay of ${loaded.crawlDelayMs / 1000} s; this poll waited ${MAX_CRAWL_DELAY_MS / 1000} s between requests`,
          );
        }
        return loaded;
      });
    this.robots.set(origin, rules);
    return rules;
  }
}

/** robots.txt answering 4xx has no rules for us (RFC 9309 §2.3.1.3): not an error. */
const CLIENT_ERRORS = Array.from({ length: 100 }, (_, index) => 400 + index);
/**
 * The longest Crawl-delay honoured: a site asking for an hour between requests would keep a
 * poll of a few pages running all day; past a minute the poll goes on at a minute and says so.
 */
const MAX_CRAWL_DELAY_MS = 60_000;

function pageOf(response: Awaited<ReturnType<HttpClient['request']>>): FreshPage {
  return {
    notModified: false,
    url: response.url,
    status: response.status,
    body: response.body,
    contentType: response.headers.get('content-type'),
  };
}
