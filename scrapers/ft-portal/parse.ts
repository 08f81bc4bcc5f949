import type { SediaResult } from './raw.js';

/**
 * A SEDIA record decoded: arrays of strings unwrapped, JSON-in-a-string fields parsed. No
 * business rules here (those are in normalise.ts), so the decoding can be tested alone.
 */
export interface FtPortalRecord {
  reference: string;
  identifier: string;
  datasource: string;
  type: string;
  title: string;
  url: string | null;
  callIdentifier: string | null;
  callTitle: string | null;
  frameworkProgramme: string | null;
  programmeDivisions: string[];
  sourceStatusCode: string | null;
  /** Raw SEDIA timestamps, e.g. 2026-09-23T00:00:00.000+0000. */
  startDate: string | null;
  deadlineDates: string[];
  deadlineModel: string | null;
  descriptionHtml: string | null;
  keywords: string[];
  tags: string[];
  typesOfAction: string[];
  budgetOverview: BudgetOverview | null;
  /** EuropeAid records carry a plain budget instead of a budget overview. */
  budget: number | null;
  currency: string | null;
  submissionLinks: SubmissionLink[];
  publicationDocuments: PublicationDocument[];
  language: string;
}

interface BudgetOverviewAction {
  action: string;
  expectedGrants?: number;
  minContribution?: number;
  maxContribution?: number;
  budgetYearMap?: Record<string, string | number>;
}

export interface BudgetOverview {
  budgetTopicActionMap?: Record<string, BudgetOverviewAction[]>;
}

export interface SubmissionLink {
  criterionDescription?: string;
  url?: string;
}

export interface PublicationDocument {
  nameDoc?: string;
  docUrl?: string;
}

export function parseRecord(result: SediaResult): FtPortalRecord {
  const metadata = result.metadata ?? {};
  const first = (key: string): string | null => {
    const value = metadata[key]?.[0];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const all = (key: string): string[] =>
    (metadata[key] ?? []).filter((value): value is string => typeof value === 'string');
  const identifier = first('identifier') ?? first('callIdentifier') ?? result.reference;
  const budget = first('budget');
  return {
    reference: result.reference,
    identifier,
    datasource: first('DATASOURCE') ?? 'SEDIA',
    type: first('type') ?? '1',
    title: first('title') ?? result.summary ?? result.content ?? identifier,
    url: first('url') ?? result.url ?? null,
    callIdentifier: first('callIdentifier'),
    callTitle: first('callTitle'),
    frameworkProgramme: first('frameworkProgramme'),
    programmeDivisions: all('programmeDivision'),
    sourceStatusCode: first('status'),
    startDate: first('startDate'),
    deadlineDates: all('deadlineDate'),
    deadlineModel: first('deadlineModel'),
    descriptionHtml: first('descriptionByte'),
    keywords: all('keywords').flatMap(decodeStringList),
    tags: all('tags').flatMap(decodeStringList),
    typesOfAction: all('typesOfAction'),
    budgetOverview: decodeJson<BudgetOverview>(first('budgetOverview')),
    budget: budget !== null && Number.isFinite(Number(budget)) ? Number(budget) : null,
    currency: first('currency'),
    submissionLinks: decodeJson<SubmissionLink[]>(first('links')) ?? [],
    publicationDocuments: all('publicationDocuments').flatMap(
      (value) => decodeJson<PublicationDocument[]>(value) ?? [],
    ),
    language: first('language') ?? result.language ?? 'en',
  };
}

/**
 * Older records pack a whole list into one string: `["Roma","Social Inclusion",…]`.
 * Anything else is one plain value.
 */
export function decodeStringList(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    const decoded = decodeJson<unknown[]>(trimmed);
    if (Array.isArray(decoded)) {
      return decoded
        .filter((item): item is string => typeof item === 'string')
        .map((s) => s.trim());
    }
  }
  return trimmed === '' ? [] : [trimmed];
}

function decodeJson<T>(value: string | null): T | null {
  if (value === null) return null;
  try {
    return JSON.parse(value) as T;
  } catch {
    // A field that should hold JSON but does not is treated as absent: the record stays
    // usable, and normalise falls back (no budget, no links) rather than failing the poll.
    return null;
  }
}
