import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { partnerRequests } from '../../db/schema/index.js';
import { isoCountry } from '../countries.js';
import { normaliseName } from '../names.js';
import { typeFromCordisActivity, typeFromName } from '../organisation-types.js';
import { resolveOrganisation } from '../resolve.js';
import type { PartnerImporter } from './types.js';

/**
 * Partner-search announcements from the Funding & Tenders Portal (the SEDIA search API with
 * `apiKey=SEDIA_PERSON`, `type=ANNOUNCEMENT`): one results page per file, each result a
 * partner_requests row, and its organisation when it names one. The envelope (`results[]`
 * with `reference`, `url` and `metadata` whose values are arrays of strings) is the SEDIA
 * search response's; no saved SEDIA_PERSON response exists, so the metadata field names are
 * those of our written sample (test/fixtures/partners/sedia-person/README.md), each read with
 * the alternatives listed below.
 *
 * Contact details are never stored: the contact fields are not read, and emails and phone
 * numbers in the title and text are replaced by a pointer to the announcement's page.
 */
export const sediaPerson: PartnerImporter = {
  rows: announcementsOf,
  async apply(tx, row, counts) {
    if (!row.sourceKey || !row.title) return false;
    let organisationId: string | null = null;
    if (row.organisationName) {
      const pic = row.pic || null;
      const country = isoCountry(row.country);
      const resolved = await resolveOrganisation(tx, {
        dataset: 'sedia-person',
        sourceKey: pic
          ? `pic:${pic}`
          : `name:${normaliseName(row.organisationName)}|${country ?? ''}`,
        name: row.organisationName,
        country,
        city: row.city || null,
        nuts: null,
        type:
          typeFromName(row.organisationName) ?? typeFromCordisActivity(row.organisationType ?? ''),
        identifiers: pic ? [{ scheme: 'pic', value: pic }] : [],
        projectIds: [],
      });
      if (resolved.outcome === 'new') counts.organisationsNew += 1;
      if (resolved.outcome === 'merged') counts.organisationsMerged += 1;
      organisationId = resolved.organisationId;
    }
    const request = {
      organisationId,
      callIdentifier: row.callIdentifier || null,
      title: withoutContactDetails(row.title),
      text: withoutContactDetails(row.text ?? ''),
      publishedAt: row.publishedAt ? new Date(row.publishedAt) : null,
      url: row.url || null,
    };
    // A revised announcement replaces its text; the same one imported again changes nothing.
    const [stored] = await tx
      .insert(partnerRequests)
      .values({ dataset: 'sedia-person', sourceKey: row.sourceKey, ...request })
      .onConflictDoUpdate({
        target: [partnerRequests.dataset, partnerRequests.sourceKey],
        set: request,
      })
      .returning({ created: sql<boolean>`(xmax = 0)` });
    if (stored?.created) counts.requestsNew += 1;
    return true;
  },
};

/**
 * Metadata fields read, first present wins. The topic comes before the call: an
 * announcement is made for a topic (the portal's partner search filters on topics).
 */
const FIELDS = {
  sourceKey: ['identifier', 'announcementId', 'id'],
  callIdentifier: ['topicIdentifier', 'topic', 'topics', 'callIdentifier'],
  title: ['title'],
  text: ['description', 'descriptionByte', 'content'],
  publishedAt: ['publicationDate', 'createdDate', 'startDate', 'esDA_IngestDate'],
  organisationName: ['organisationName', 'legalName'],
  pic: ['organisationPic', 'pic'],
  country: ['country', 'organisationCountry'],
  city: ['city', 'organisationCity'],
  organisationType: ['organisationType'],
} as const;

interface SediaResult {
  reference?: string;
  url?: string;
  summary?: string;
  metadata?: Record<string, unknown> | null;
}

/**
 * The announcements of one search results page, as flat rows. The page is read whole: the
 * search API returns at most 100 results a page (a few hundred KB), and a JSON document
 * cannot be streamed by lines.
 */
async function* announcementsOf(file: string): AsyncGenerator<Record<string, string>> {
  const page = JSON.parse(await readFile(file, 'utf8')) as { results?: SediaResult[] };
  for (const result of page.results ?? []) {
    const metadata = result.metadata ?? {};
    const row: Record<string, string> = {};
    for (const [field, names] of Object.entries(FIELDS)) {
      const value = firstOf(metadata, names);
      if (value) row[field] = value;
    }
    row.sourceKey ??= result.reference?.trim() ?? '';
    row.title ??= result.summary?.trim() ?? '';
    if (result.url) row.url = result.url;
    if (row.publishedAt) row.publishedAt = isoTimestamp(row.publishedAt);
    yield row;
  }
}

/** SEDIA metadata values are arrays of strings; the first non-empty one is the value. */
function firstOf(metadata: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = metadata[name];
    const first = Array.isArray(value) ? value.find((item) => typeof item === 'string') : value;
    if (typeof first === 'string' && first.trim()) return first.trim();
  }
  return undefined;
}

/** "2026-06-02T09:14:00.000+0200" → "2026-06-02T09:14:00.000+02:00", which Date reads. */
function isoTimestamp(value: string): string {
  return value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

/**
 * Emails (also written "name(at)host" or "name [at] host") and phone numbers (seven digits
 * or more, with spaces, dots, dashes or a leading +/00; an ISO date or an amount is not one) in free
 * text: the portal's page keeps them, we only link to it.
 */
const EMAIL = /[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+/giu;
// A bracketed group only inside the number: "+46 (0)26 17 80 00".
const PHONE = /(?:\+|\b00)?\d(?:[\s./-]?(?:\(\d+\)\s?)?\d){6,}/gu;
const ELSEWHERE = '[contact details on the announcement page]';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^(eur|euro|euros|€|sek|nok|dkk|kr)$/iu;

/** "1 500 000 EUR" and "€ 1 500 000" are budgets, not phone numbers. */
function isAmount(text: string, offset: number, length: number): boolean {
  const wordBefore = text
    .slice(Math.max(0, offset - 6), offset)
    .trim()
    .split(/\s+/)
    .pop();
  const wordAfter = text
    .slice(offset + length, offset + length + 7)
    .trim()
    .split(/\s+/)[0];
  const bare = (word: string | undefined) => (word ?? '').replace(/[^\p{L}€]/gu, '');
  return CURRENCY.test(bare(wordBefore)) || CURRENCY.test(bare(wordAfter));
}

function withoutContactDetails(text: string): string {
  return text
    .replace(EMAIL, ELSEWHERE)
    .replace(PHONE, (digits, offset: number, whole: string) =>
      ISO_DATE.test(digits) || isAmount(whole, offset, digits.length) ? digits : ELSEWHERE,
    );
}
