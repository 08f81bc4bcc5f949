import { localDateOf } from '../dates.js';
import { htmlToText, sanitizeHtml } from '../html.js';
import { type CallDefaults, outsideThePortal } from '../kind-settings.js';
import type { NormalisedCall, NormalisedDeadline } from '../types.js';
import type { InterregHit } from './parse.js';

/**
 * interreg.eu states its dates as midnight UTC instants (`2026-09-30T00:00:00Z`): the day
 * of the deadline, not its hour. The programme's own cut-off hour (often noon or 23:59
 * Brussels time) is only on its call page, linked from every record; the day is kept
 * in UTC, where interreg.eu put it, rather than guessed into a zone.
 */
export const INTERREG_TIME_ZONE = 'UTC';
const INTERREG_ORIGIN = 'https://interreg.eu';
/** EU country codes that differ from ISO 3166-1 (Eurostat's country codes). */
const EU_TO_ISO: Record<string, string> = { EL: 'GR', UK: 'GB' };
const NUTS_CODE = /^[A-Z]{2}[0-9A-Z]{0,3}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export interface NormaliseContext {
  /** The calls page: interreg.eu's relative contentUrl resolves against its origin. */
  baseUrl: string;
  defaults: CallDefaults;
  warn(message: string): void;
}

/** One Algolia hit as a call, or null (with a warning) when it has no key or no title. */
export function normaliseHit(hit: InterregHit, context: NormaliseContext): NormalisedCall | null {
  const naturalKey =
    hit.objectID ?? (hit.pageId === null ? null : `callForProjectsPage_${hit.pageId}`);
  const title = hit.title ?? hit.nodeName;
  if (naturalKey === null || title === null) {
    context.warn(
      `a hit without ${naturalKey === null ? 'objectID or pageId' : 'title'} was skipped`,
    );
    return null;
  }
  const descriptionHtml = hit.description ? descriptionHtmlOf(hit.description) : '';
  const sourceUrl = sourceUrlOf(hit, context.baseUrl);
  const programmeName = hit.associatedProgrammes.join('; ') || context.defaults.programmeName;
  const countries = countriesOf(hit.callEligibleCountryNuts);
  const regions = regionsOf(hit.callEligibleRegionNuts);
  const deadline = instantOf(hit.callDeadlineDate, `${naturalKey} callDeadlineDate`, context);
  return {
    ...outsideThePortal(context.defaults),
    naturalKey,
    // interreg.eu's page id is stable and readable; the hits carry no programme call code.
    identifier: hit.pageId === null ? naturalKey : `INTERREG-${hit.pageId}`,
    title,
    programmeName,
    programmeStrands: ['INTERREG'],
    typeOfAction: 'Interreg call for projects',
    descriptionText: htmlToText(descriptionHtml),
    descriptionHtml,
    openingAt: instantOf(hit.callOpenDate, `${naturalKey} callOpenDate`, context),
    deadlines: deadline ? [deadlineOf(deadline)] : [],
    eligibleCountries: countries.length > 0 ? countries : context.defaults.eligibleCountries,
    eligibleRegions: regions.length > 0 ? regions : context.defaults.eligibleRegions,
    tags: uniqueCaseInsensitive([...hit.callThemes, ...hit.themes]),
    // keep.eu's organisation types ("Local public authority"): who the call is for.
    keywords: uniqueCaseInsensitive(hit.targetAudience),
    sourceUrl,
    links: linksOf(hit, sourceUrl),
    thin: descriptionHtml === '',
  };
}

function deadlineOf(instant: Date): NormalisedDeadline {
  return {
    stage: 1,
    deadlineAt: instant,
    localDate: localDateOf(instant, INTERREG_TIME_ZONE),
    timeZone: INTERREG_TIME_ZONE,
  };
}

function instantOf(value: string | null, what: string, context: NormaliseContext): Date | null {
  if (value === null) return null;
  const instant = ISO_INSTANT.test(value) ? new Date(value) : null;
  if (!instant || Number.isNaN(instant.getTime())) {
    context.warn(`${what} "${value}" is not an ISO 8601 instant; left out`);
    return null;
  }
  return instant;
}

/** Markup a rich-text teaser would hold; "<for>" in a plain sentence is not markup. */
const HTML_TAG = /<\/?(?:p|br|ul|ol|li|strong|b|em|i|a|div|span|h[1-6])\b[^>]*>/i;

/** A plain-text teaser becomes one escaped paragraph; HTML is sanitised as it is. */
function descriptionHtmlOf(description: string): string {
  const html = HTML_TAG.test(description) ? description : `<p>${escapeHtml(description)}</p>`;
  return sanitizeHtml(html);
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function countriesOf(codes: string[]): string[] {
  const iso = codes
    .map((code) => code.trim().toUpperCase())
    .map((code) => EU_TO_ISO[code] ?? code)
    .filter((code) => /^[A-Z]{2}$/.test(code));
  return [...new Set(iso)];
}

/** NUTS keeps Eurostat's EL (EL30 is Attica): only country codes are mapped to ISO. */
function regionsOf(codes: string[]): string[] {
  const nuts = codes
    .map((code) => code.trim().toUpperCase())
    .filter((code) => NUTS_CODE.test(code));
  return [...new Set(nuts)];
}

function sourceUrlOf(hit: InterregHit, baseUrl: string): string {
  const origin = originOf(baseUrl);
  if (hit.contentUrl) {
    const url = httpUrl(hit.contentUrl, origin);
    if (url) return url;
  }
  return (hit.callExternalUrl && httpUrl(hit.callExternalUrl, origin)) || baseUrl;
}

function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return INTERREG_ORIGIN;
  }
}

function linksOf(hit: InterregHit, sourceUrl: string): Array<{ label: string; url: string }> {
  const links: Array<{ label: string; url: string }> = [];
  const external = hit.callExternalUrl ? httpUrl(hit.callExternalUrl, sourceUrl) : null;
  if (external) links.push({ label: 'Programme call page', url: external });
  if (sourceUrl !== external) links.push({ label: 'interreg.eu call page', url: sourceUrl });
  return links;
}

/** An absolute http(s) URL, or null for anything else (javascript:, mailto:, garbage). */
function httpUrl(value: string, base: string): string | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function uniqueCaseInsensitive(values: string[]): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const value of values) {
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(value);
  }
  return unique;
}
