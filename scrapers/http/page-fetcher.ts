import type { FetchedPage, FreshPage, GetOptions, PageFetcher } from '../source-kind.js';
import type { HttpClient } from './client.js';

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
 */
export class PollFetcher implements PageFetcher {
  private readonly fresh = new Map<string, { etag: string | null; lastModified: string | null }>();
  private readonly remembered = new Map<string, unknown>();
  private readonly notModified = new Set<string>();
  /** A POST (a search query) always answers afresh: such a poll is never unchanged. */
  private posted = false;

  constructor(
    private readonly http: HttpClient,
    private readonly known: ReadonlyMap<string, StoredPage> = new Map(),
    /** Sources an admin configures: the SSRF guard checks every hop (client.ts). */
    private readonly options: { publicAddressesOnly: boolean } = { publicAddressesOnly: true },
  ) {}

  async get(url: string, options: GetOptions = {}): Promise<FetchedPage> {
    const stored = options.conditional ? this.known.get(url) : undefined;
    const validators: Record<string, string> = {};
    if (stored?.etag) validators['if-none-match'] = stored.etag;
    if (stored?.lastModified) validators['if-modified-since'] = stored.lastModified;
    const response = await this.http.request(url, {
      headers: { ...options.headers, ...validators },
      acceptStatuses: stored ? [304] : [],
      publicAddressesOnly: this.options.publicAddressesOnly,
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
    const response = await this.http.request(url, {
      method: 'POST',
      body,
      headers,
      publicAddressesOnly: this.options.publicAddressesOnly,
    });
    return pageOf(response);
  }

  remember(url: string, parsed: unknown): void {
    this.remembered.set(url, parsed);
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
}

function pageOf(response: Awaited<ReturnType<HttpClient['request']>>): FreshPage {
  return {
    notModified: false,
    url: response.url,
    status: response.status,
    body: response.body,
    contentType: response.headers.get('content-type'),
  };
}
