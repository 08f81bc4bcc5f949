import type { FeedContent } from './content.js';

export type FeedFormat = 'json' | 'atom' | 'ics';

export const FEED_CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
} as const satisfies Record<FeedFormat, string>;

/**
 * A bound on how long a rendered feed is served again: the data version (the tenant's
 * matches, verdicts and profile, and the calls) sees every change that goes through the
 * application; this covers the rest (a clock set back, a hand-edited row).
 */
export const RENDER_TTL_MS = 60_000;
/** Enough for every feed of a busy instance; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 2_000;

interface Entry {
  version: string;
  content: FeedContent;
  expiresAt: number;
  bodies: Partial<Record<FeedFormat, unknown>>;
}

/**
 * Feeds built recently in this process, by feed id. Time is the application clock's: an
 * entry also ends when its content stops being true as time passes (a deadline passes, a
 * "deadline in N days" changes), so no passed deadline is ever served from here. The token
 * is checked on every request before this cache, so a revoked feed is never served.
 */
export class RenderedFeeds {
  private readonly entries = new Map<string, Entry>();
  /** Builds under way: concurrent readers of a feed that just expired share one. */
  private readonly building = new Map<string, Promise<Entry>>();

  /**
   * One format of the feed as of `now`: from the cache while fresh, else built anew (the
   * content is shared by the three formats, each rendered the first time it is asked for).
   */
  async body<T>(
    request: { feedId: string; format: FeedFormat; now: Date; version: string },
    build: () => Promise<FeedContent>,
    render: (content: FeedContent) => T,
  ): Promise<T> {
    const entry = await this.entry(request, build);
    if (!(request.format in entry.bodies)) entry.bodies[request.format] = render(entry.content);
    return entry.bodies[request.format] as T;
  }

  private async entry(
    request: { feedId: string; now: Date; version: string },
    build: () => Promise<FeedContent>,
  ) {
    const { feedId, version } = request;
    const cached = this.entries.get(feedId);
    const at = request.now.getTime();
    // A clock set back (tests, a corrected host clock) must not see content from its future.
    if (
      cached?.version === version &&
      at >= cached.content.generatedAt.getTime() &&
      at < cached.expiresAt
    ) {
      return cached;
    }
    const flight = `${version}\u0000${feedId}`;
    let pending = this.building.get(flight);
    if (!pending) {
      pending = this.build(feedId, version, at, build).finally(() => this.building.delete(flight));
      this.building.set(flight, pending);
    }
    return pending;
  }

  private async build(
    feedId: string,
    version: string,
    at: number,
    build: () => Promise<FeedContent>,
  ) {
    const content = await build();
    const validUntil = content.validUntil?.getTime() ?? Number.POSITIVE_INFINITY;
    const entry: Entry = {
      version,
      content,
      expiresAt: Math.min(at + RENDER_TTL_MS, validUntil),
      bodies: {},
    };
    this.entries.delete(feedId);
    this.entries.set(feedId, entry);
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}
