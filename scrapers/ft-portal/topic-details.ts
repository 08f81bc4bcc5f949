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
