import { type Cheerio, type CheerioAPI, load } from 'cheerio';
// Types only: cheerio's nodes are domhandler's (installed with cheerio and htmlparser2).
import type { AnyNode } from 'domhandler';

import { htmlToText } from '../html.js';
import type { HtmlListSettings } from './settings.js';

/**
 * What one listing item says, as the page has it (text, not yet dates): JSON-safe, so it is
 * what the kind remembers for a 304, and dates are read from it again at each poll (a date
 * without a year depends on the poll's day).
 */
export interface ListingItem {
  /** Null when the title selector matched nothing in this item. */
  title: string | null;
  /** Absolute; null when no `a` with an href was found. */
  link: string | null;
  /** The text of each element the deadline selector matched (one per stage). */
  deadlineTexts: string[];
  /** Null when there is no opening selector or it matched nothing here. */
  openingText: string | null;
  /** The summary's inner HTML, unsanitised (normalise sanitises it). */
  summaryHtml: string | null;
}

export interface ListingPage {
  /** The page's URL after redirects: links resolve against it. */
  url: string;
  items: ListingItem[];
}

type Selectors = Pick<
  HtmlListSettings,
  'item' | 'title' | 'link' | 'deadline' | 'opening' | 'summary'
>;

export function extractListing(html: string, pageUrl: string, selectors: Selectors): ListingPage {
  const $ = load(html);
  const items = $(selectors.item)
    .toArray()
    .map((element) => extractItem($, $(element), pageUrl, selectors));
  return { url: pageUrl, items };
}

function extractItem(
  $: CheerioAPI,
  item: Cheerio<AnyNode>,
  pageUrl: string,
  selectors: Selectors,
): ListingItem {
  const title = within(item, selectors.title).first();
  const opening = selectors.opening ? within(item, selectors.opening).first() : null;
  const summary = selectors.summary ? within(item, selectors.summary) : null;
  return {
    title: title.length ? textOf($, title) || null : null,
    link: linkOf(within(item, selectors.link).first(), pageUrl),
    deadlineTexts: [
      ...new Set(
        within(item, selectors.deadline)
          .toArray()
          .map((element) => textOf($, $(element)))
          .filter(Boolean),
      ),
    ],
    openingText: opening?.length ? textOf($, opening) || null : null,
    summaryHtml: summary?.length ? summaryHtmlOf($, summary, pageUrl) : null,
  };
}

/**
 * The summary's HTML with its links made absolute: it is shown in emails and on other
 * sites, where "/no/kontakt/" leads nowhere.
 */
function summaryHtmlOf($: CheerioAPI, summary: Cheerio<AnyNode>, pageUrl: string): string {
  const copy = summary.clone();
  copy.find('a[href]').each((_, anchor) => {
    const raw = $(anchor).attr('href') ?? '';
    if (/^mailto:/i.test(raw.trim())) return;
    const href = absoluteUrl(raw, pageUrl);
    if (href) $(anchor).attr('href', href);
    else $(anchor).removeAttr('href');
  });
  return copy
    .toArray()
    .map((element) => $(element).html() ?? '')
    .join('\n');
}

/** The item itself when it matches (an item that is the link), else its descendants. */
function within(item: Cheerio<AnyNode>, selector: string): Cheerio<AnyNode> {
  return item.is(selector) ? item : item.find(selector);
}

/**
 * Text as a reader sees it: block elements apart ("<p>Deadline date :</p><p>30/01/2026</p>"
 * is not "date :30/01"), whitespace collapsed.
 */
function textOf($: CheerioAPI, element: Cheerio<AnyNode>): string {
  return htmlToText($.html(element)).replace(/\s+/g, ' ').trim();
}

/** The selected `a`, or the `a` around it, or the first `a` inside it. */
function linkOf(element: Cheerio<AnyNode>, pageUrl: string): string | null {
  if (!element.length) return null;
  const anchor = element.is('a[href]')
    ? element
    : element.closest('a[href]').length
      ? element.closest('a[href]')
      : element.find('a[href]').first();
  return absoluteUrl(anchor.attr('href') ?? '', pageUrl);
}

/** An http(s) URL resolved against the page; null for "#top", "javascript:…", "mailto:…". */
function absoluteUrl(value: string, pageUrl: string): string | null {
  const href = value.trim();
  if (!href || href.startsWith('#')) return null;
  try {
    const url = new URL(href, pageUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    // An href no URL parser accepts ("http://["): there is no usable link.
    return null;
  }
}
