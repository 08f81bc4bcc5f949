import { htmlToText, sanitizeHtml } from '../html.js';
import { outsideThePortal } from '../kind-settings.js';
import type { NormalisedCall } from '../types.js';
import { deadlinesInText } from './deadline-text.js';
import type { FeedEntry } from './items.js';
import type { RssSettings } from './settings.js';

/** Whether the item announces a call: its title or a category holds one of `include`. */
export function isIncluded(entry: FeedEntry, include: readonly string[]): boolean {
  if (include.length === 0) return true;
  const haystack = [entry.title, ...entry.categories].join('\n').toLowerCase();
  return include.some((word) => haystack.includes(word));
}

/**
 * A news post as a call. The post's date is taken as the call's opening (the day the
 * programme announced it); the deadline is what the text states after a deadline word, and
 * a post that states none is an open-ended call (no deadlines).
 */
export function normaliseEntry(
  entry: FeedEntry,
  settings: RssSettings,
  baseUrl: string,
): NormalisedCall {
  const descriptionHtml = sanitizeHtml(withAbsoluteLinks(entry.html, entry.url ?? baseUrl));
  const descriptionText = htmlToText(descriptionHtml);
  const published = entry.published ?? entry.updated;
  return {
    ...outsideThePortal(settings),
    naturalKey: entry.key,
    identifier: entry.key,
    title: entry.title,
    descriptionText,
    descriptionHtml,
    openingAt: published ? new Date(published) : null,
    deadlines: deadlinesInText(`${entry.title}\n${descriptionText}`, settings.timeZone),
    tags: [...new Set(entry.categories)],
    sourceUrl: entry.url ?? baseUrl,
    thin: descriptionHtml === '',
  };
}

/** Links in a post's HTML may be relative to the post (Atom's xml:base): emails need them whole. */
function withAbsoluteLinks(html: string, base: string): string {
  return html.replace(/\bhref=(["'])([^"']*)\1/gi, (whole, quote: string, href: string) => {
    try {
      return `href=${quote}${new URL(href, base).toString()}${quote}`;
    } catch {
      return whole;
    }
  });
}
