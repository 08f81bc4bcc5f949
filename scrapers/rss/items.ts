/** A feed item as the kind keeps it: JSON-safe, so a 304 hands it back without parsing. */
export interface FeedEntry {
  /** guid (RSS) or id (Atom); the link when the feed gives neither. */
  key: string;
  title: string;
  url: string | null;
  /** content:encoded / Atom content, else the description or summary: HTML as the feed has it. */
  html: string;
  /** ISO 8601 */
  published: string | null;
  updated: string | null;
  categories: string[];
}

export interface ParsedFeed {
  title: string | null;
  entries: FeedEntry[];
  warnings: string[];
}

export function isParsedFeed(value: unknown): value is ParsedFeed {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ParsedFeed>;
  return Array.isArray(candidate.entries) && Array.isArray(candidate.warnings);
}
