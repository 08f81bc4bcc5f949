import { type CheerioAPI, load } from 'cheerio';
import { sanitizeHtml } from '../html.js';
import { findDateText } from './dates.js';
import { clean, type Elements } from './listing.js';

/**
 * What a call's detail page states, as far as callradar keeps it. Euro-Access is a private,
 * curated database: only these fields are read (no partnership texts, contacts or notes), and
 * every call links back to its page. Dates stay text, HTML is sanitised: the parse is stored
 * as the page's remembered parse and must be JSON-safe.
 */
export interface DetailParse {
  title: string | null;
  programme: string | null;
  callNumber: string | null;
  /** `DD.MM.YYYY[ HH:MM]` as written. */
  opening: string | null;
  deadline: string | null;
  secondStageDeadline: string | null;
  /**
   * The page says the deadline has passed ("Deadline expired"). For the record only: a
   * call's status is derived from its dates at ingest, never from a source's flag.
   */
  deadlineExpired: boolean;
  callLink: string | null;
  submissionLink: string | null;
  /** Sanitised HTML of "short description" and "Call objectives". */
  shortDescriptionHtml: string;
  objectivesHtml: string;
  eligibleEntities: string | null;
  /** "Regions / countries for funding", one entry per name or group as listed. */
  regions: string[];
  fundingRate: string | null;
  callBudget: string | null;
  contributionPerProject: string | null;
  /** Euro-Access's themes ("Topics"), e.g. "Education & Training". */
  themes: string[];
}

/** Null when the page has no `div#calldata` rows: not a call page, or its layout changed. */
export function parseDetail(html: string): DetailParse | null {
  const $ = load(html);
  const rows = $('div#calldata div.subtable div.tr');
  if (rows.length === 0) return null;
  const detail: DetailParse = {
    title: clean($('div#calldata h1').first().text()) || null,
    programme: null,
    callNumber: null,
    opening: null,
    deadline: null,
    secondStageDeadline: null,
    deadlineExpired: false,
    callLink: null,
    submissionLink: null,
    shortDescriptionHtml: '',
    objectivesHtml: '',
    eligibleEntities: null,
    regions: [],
    fundingRate: null,
    callBudget: null,
    contributionPerProject: null,
    themes: [],
  };
  rows.each((_, element) => {
    const row = $(element);
    const label = clean(row.children('.title').first().text()).toLowerCase();
    readRow($, detail, label, row.children().not('.title'));
  });
  return detail;
}

function readRow($: CheerioAPI, detail: DetailParse, label: string, value: Elements): void {
  const text = clean(value.text());
  if (/2nd stage/.test(label)) {
    detail.secondStageDeadline = secondStageDeadlineIn(text);
    detail.deadlineExpired ||= /deadline expired/i.test(text);
  } else if (label === 'deadlines' || label.startsWith('deadline')) {
    detail.opening = datedAfter('Opening', text) ?? detail.opening;
    detail.deadline = datedAfter('Deadline(?:\\s*expired)?', text) ?? detail.deadline;
    detail.deadlineExpired ||= /deadline expired/i.test(`${label} ${text}`);
  } else if (label === 'funding program') detail.programme = text || null;
  else if (label === 'call number') detail.callNumber = text || null;
  else if (label === 'link to the call') detail.callLink = linkIn(value);
  else if (label === 'link to the submission') detail.submissionLink = linkIn(value);
  else if (label === 'short description') detail.shortDescriptionHtml = htmlOf($, value);
  else if (label === 'call objectives') detail.objectivesHtml = htmlOf($, value);
  else if (label === 'eligible entities') detail.eligibleEntities = text || null;
  else if (label.startsWith('regions / countries')) detail.regions = listIn(value);
  else if (label === 'funding rate') detail.fundingRate = text || null;
  else if (label === 'call budget') detail.callBudget = text || null;
  else if (label.startsWith('estimated eu contribution'))
    detail.contributionPerProject = text || null;
  else if (label === 'topics') detail.themes = themesIn(value);
}

/** The date written after a label word: "Opening23.02.2022", "Deadline 27.01.2026 17:00". */
function datedAfter(word: string, text: string): string | null {
  const match = new RegExp(
    `${word}\\s*:?\\s*(\\d{1,2}\\.\\d{1,2}\\.\\d{4}(?:\\s+\\d{1,2}:\\d{2})?)`,
    'i',
  ).exec(text);
  return match?.[1] ? findDateText(match[1]) : null;
}

/**
 * The second stage's row may carry its own Opening and Deadline (as the first stage's does)
 * or the bare date: the deadline is the date labelled so, else the only date when none is
 * labelled Opening.
 */
function secondStageDeadlineIn(text: string): string | null {
  const labelled = datedAfter('Deadline(?:\\s*expired)?', text);
  if (labelled) return labelled;
  return /opening/i.test(text) ? null : findDateText(text);
}

function linkIn(value: Elements): string | null {
  const href = value.find('a[href]').first().attr('href')?.trim();
  if (!href) return null;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The value's HTML without the page's "read more" toggle, sanitised. */
function htmlOf($: CheerioAPI, value: Elements): string {
  const copy = value.clone();
  copy.find('.readmore').remove();
  return sanitizeHtml(
    copy
      .toArray()
      .map((element) => $(element).html() ?? '')
      .join('\n'),
  );
}

/** Names separated by commas and line breaks; commas inside parentheses do not split. */
function listIn(value: Elements): string[] {
  const copy = value.clone();
  copy.find('br').replaceWith(', ');
  return splitOutsideParentheses(copy.text());
}

export function splitOutsideParentheses(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth = Math.max(0, depth - 1);
    if ((char === ',' || char === ';') && depth === 0) {
      items.push(current);
      current = '';
    } else current += char;
  }
  items.push(current);
  return items.map(clean).filter(Boolean);
}

/** The themes' names: the `div.topics` text ("Education & Training, Children & Youth, Media"). */
function themesIn(value: Elements): string[] {
  const names = value.find('.topics').first().text() || value.text();
  return [...new Set(names.split(',').map(clean).filter(Boolean))];
}
