import type { FeedContent } from './content.js';

export type FeedFormat = 'json' | 'atom' | 'ics';

/**
 * How long a rendered feed is served again before it is rebuilt from the database. A feed is
 * read by calendar apps and feed readers that poll every few minutes (and are told
 * max-age=300), so a few seconds behind a re-match or a mute is invisible to them, while one
 * hot feed costs a render every few seconds instead of three queries per request.
 */
export const RENDER_TTL_MS = 5_000;
/** Enough for every feed of a busy instance; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 2_000;

interface Entry {
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
    request: { feedId: string; format: FeedFormat; now: Date },
    build: () => Promise<FeedContent>,
    render: (content: FeedContent) => T,
  ): Promise<T> {
    const entry = await this.entry(request.feedId, request.now, build);
    if (!(request.format in entry.bodies)) entry.bodies[request.format] = render(entry.content);
    return entry.bodies[request.format] as T;
  }

  private async entry(feedId: string, now: Date, build: () => Promise<FeedContent>) {
    const cached = this.entries.get(feedId);
    const at = now.getTime();
    // A clock set back (tests, a corrected host clock) must not see content from its future.
    if (cached && at >= cached.content.generatedAt.getTime() && at < cached.expiresAt) {
      return cached;
    }
    let pending = this.building.get(feedId);
    if (!pending) {
      pending = this.build(feedId, at, build).finally(() => this.building.delete(feedId));
      this.building.set(feedId, pending);
    }
    return pending;
  }

  private async build(feedId: string, at: number, build: () => Promise<FeedContent>) {
    const content = await build();
    const validUntil = content.validUntil?.getTime() ?? Number.POSITIVE_INFINITY;
    const entry: Entry = {
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
