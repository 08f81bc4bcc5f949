import { parseFeed } from '@rowanmanning/feed-parser';
import type { FeedEntry, ParsedFeed } from './items.js';

/** The body is neither RSS nor Atom (an HTML page, a JSON error, an empty answer). */
export class NotAFeedError extends Error {
  constructor(url: string, body: string) {
    const start = body.trim().slice(0, 40).replace(/\s+/g, ' ');
    super(`${url} is not an RSS or Atom feed (it starts with "${start}")`);
    this.name = 'NotAFeedError';
  }
}

/**
 * RSS 2.0 and Atom through @rowanmanning/feed-parser: lenient with real-world feeds, and
 * it resolves relative links against the feed. Its leniency reads an HTML page as a feed
 * with no items, so the root element is checked first.
 */
export function parseFeedBody(body: string, url: string): ParsedFeed {
  if (
    !/^(?:\uFEFF)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:rss|feed|rdf:RDF)\b/i.test(body)
  )
    throw new NotAFeedError(url, body);
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(body);
  } catch {
    throw new NotAFeedError(url, body);
  }
  const warnings: string[] = [];
  const entries: FeedEntry[] = [];
  for (const item of feed.items) {
    const title = (item.title ?? '').trim();
    const key = item.id?.trim() || item.url || null;
    if (!key || !title) {
      warnings.push(`an item without ${key ? 'a title' : 'a guid or link'} was left out`);
      continue;
    }
    entries.push({
      key,
      title,
      url: item.url,
      html: item.content ?? item.description ?? '',
      published: item.published?.toISOString() ?? null,
      updated: item.updated?.toISOString() ?? null,
      categories: item.categories
        .map((category) => (category.label ?? category.term).trim())
        .filter(Boolean),
    });
  }
  return { title: feed.title, entries, warnings };
}
