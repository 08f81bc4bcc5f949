import { createHash } from 'node:crypto';
import type { CallSupplement } from '../types.js';
import { decodeStringList, type FtPortalRecord } from './parse.js';

/**
 * `topicDetails/{identifier}.json` answers `{ "TopicDetails": { description, keywords, tags,
 * … } }`. Only what a thin search record lacks is read from it.
 */
export interface TopicDetails {
  description: string | null;
  keywords: string[];
  tags: string[];
}

export function parseTopicDetails(body: string): TopicDetails | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const details = (parsed as { TopicDetails?: Record<string, unknown> } | null)?.TopicDetails;
  if (!details || typeof details !== 'object') return null;
  const strings = (value: unknown): string[] =>
    Array.isArray(value)
      ? value.filter((item): item is string => typeof item === 'string').flatMap(decodeStringList)
      : [];
  const description = typeof details.description === 'string' ? details.description.trim() : '';
  return {
    description: description === '' ? null : description,
    keywords: strings(details.keywords),
    tags: strings(details.tags),
  };
}

export function fillFromTopicDetails(
  record: FtPortalRecord,
  details: TopicDetails,
): FtPortalRecord {
  return {
    ...record,
    descriptionHtml: record.descriptionHtml ?? details.description,
    // Union: thin records often carry only their own code as a keyword.
    keywords: [...record.keywords, ...details.keywords],
    tags: [...record.tags, ...details.tags],
  };
}

export function topicDetailsUrl(baseUrl: string, identifier: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(identifier.toLowerCase())}.json`;
}

/** The kind under which a call keeps what its topic-details page gave it. */
const TOPIC_DETAILS_SUPPLEMENT = 'ft-topic-details';

/**
 * Identifies the search record a details answer was fetched for: when the portal changes the
 * record itself (a deadline, a title), the details are asked for again.
 */
export function recordBasis(record: FtPortalRecord): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('base64url');
}

export function topicDetailsSupplement(
  details: TopicDetails,
  basis: string,
  fetchedAt: Date,
): CallSupplement {
  return {
    kind: TOPIC_DETAILS_SUPPLEMENT,
    fetchedAt: fetchedAt.toISOString(),
    basis,
    data: { description: details.description, keywords: details.keywords, tags: details.tags },
  };
}

/** A stored supplement read back; null when it is not a well-formed topic-details answer. */
export function topicDetailsOf(supplement: CallSupplement): TopicDetails | null {
  if (supplement.kind !== TOPIC_DETAILS_SUPPLEMENT) return null;
  const { description, keywords, tags } = supplement.data;
  const isStrings = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (!(description === null || typeof description === 'string')) return null;
  if (!isStrings(keywords) || !isStrings(tags)) return null;
  return { description, keywords, tags };
}
