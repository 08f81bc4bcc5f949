import { Feed } from 'feed';
import { wallClockIn } from '../../scrapers/dates.js';
import type { FeedContent, FeedItem } from './content.js';
import { callApiUrl, webUrl } from './feed-urls.js';
import { printable } from './printable.js';

const words = {
  en: { deadline: 'Deadline', source: 'Call page', api: 'callradar API' },
  sv: { deadline: 'Sista dag', source: 'Utlysningens sida', api: 'callradar API' },
  nb: { deadline: 'Frist', source: 'Utlysningens side', api: 'callradar API' },
} as const;

type Words = (typeof words)[keyof typeof words];

/**
 * Entry titles and summaries are `type="html"` in the library's Atom: a reader decodes them
 * as HTML, so scraped text is HTML-escaped (and cleared of what XML forbids) before the
 * library wraps it in CDATA. With `<` and `>` escaped, no "]]>" can end the CDATA early.
 */
function escapeHtml(text: string): string {
  return printable(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** "Deadline 2026-09-16 17:00 (<the deadline's time zone>)": the instant as the call states it. */
function deadlineText(item: FeedItem, phrases: Words): string | null {
  const next = item.call.deadlines.find(
    (deadline) => deadline.deadlineAt.getTime() === item.call.nextDeadlineAt?.getTime(),
  );
  if (!next) return null;
  const local = wallClockIn(next.deadlineAt, next.timeZone).slice(0, 16).replace('T', ' ');
  return `${phrases.deadline} ${local} (${next.timeZone})`;
}

function entryHtml(item: FeedItem, links: { source: string | null; api: string }, phrases: Words) {
  const deadline = deadlineText(item, phrases);
  const anchors = [
    links.source ? `<a href="${escapeHtml(links.source)}">${phrases.source}</a>` : null,
    `<a href="${escapeHtml(links.api)}">${phrases.api}</a>`,
  ].filter(Boolean);
  return [
    `<p>${escapeHtml(item.explanation)}</p>`,
    deadline ? `<p>${escapeHtml(deadline)}</p>` : '',
    `<p>${anchors.join(' · ')}</p>`,
  ].join('');
}

/** The Atom feed of a department's matches: one entry per call, id stable across renders. */
export function renderAtom(
  content: FeedContent,
  links: { publicBaseUrl: string; self: string; json: string },
): string {
  const phrases = words[content.department.language as keyof typeof words] ?? words.en;
  const updated = content.items.reduce<Date | null>(
    (latest, item) => (latest && latest >= item.call.updatedAt ? latest : item.call.updatedAt),
    null,
  );
  const feed = new Feed({
    id: `urn:uuid:${content.feedId}`,
    title: `${content.tenant.name} – ${content.department.name}`,
    updated: updated ?? content.generatedAt,
    generator: 'callradar',
    link: links.json,
    feed: links.self,
    author: { name: content.tenant.name },
  });
  for (const item of content.items) {
    const api = callApiUrl(links.publicBaseUrl, item.call.id);
    const source = webUrl(item.call.sourceUrl);
    const deadline = deadlineText(item, phrases);
    feed.addItem({
      id: `urn:uuid:${item.call.id}`,
      title: escapeHtml(item.call.title),
      link: source ?? api,
      date: item.call.updatedAt,
      description: escapeHtml(deadline ? `${item.explanation} — ${deadline}` : item.explanation),
      content: entryHtml(item, { source, api }, phrases),
    });
  }
  return feed.atom1();
}
