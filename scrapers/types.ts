/**
 * What every scraper hands to ingestion: one normalised call, independent of the source's
 * format. Status is not here on purpose: it is derived from the dates at ingest time, never
 * taken from the source's flag.
 */
export interface NormalisedDeadline {
  /** 1 for a single-stage call or the first stage, 2 for the second stage. */
  stage: number;
  deadlineAt: Date;
  /** The deadline's day as the source states it (YYYY-MM-DD in timeZone). */
  localDate: string;
  timeZone: string;
}

export interface NormalisedBudget {
  currency: string;
  total: number | null;
  minPerGrant: number | null;
  maxPerGrant: number | null;
  expectedGrants: number | null;
}

export interface NormalisedCall {
  /** Unique within the source; the upsert key. */
  naturalKey: string;
  identifier: string;
  title: string;
  programmeCode: string | null;
  programmeName: string | null;
  callIdentifier: string | null;
  callTitle: string | null;
  typeOfAction: string | null;
  descriptionText: string;
  /** Sanitised: safe for an email or a page. */
  descriptionHtml: string;
  openingAt: Date | null;
  deadlines: NormalisedDeadline[];
  budget: NormalisedBudget | null;
  eligibleCountries: string[];
  applicantTypes: string[];
  tags: string[];
  keywords: string[];
  language: string;
  sourceUrl: string;
  links: Array<{ label: string; url: string }>;
  /** True when the record came from an outdated copy of the source's index. */
  fromLegacyIndex: boolean;
  /** The record lacked a description and no detail page filled it in. */
  thin: boolean;
  /**
   * What a second request (an F&T topic-details page) added to a thin record, stored with
   * the call so that later polls of the still-thin record re-apply it instead of losing it.
   */
  supplement?: CallSupplement | null;
}

/** A detail request's answer as kept with the call (see NormalisedCall.supplement). */
export interface CallSupplement {
  /** Which request answered, e.g. 'ft-topic-details'. */
  kind: string;
  /** When it was fetched (ISO 8601): old answers are asked for again. */
  fetchedAt: string;
  /** Hash of the source's own record it was fetched for: a changed record asks again. */
  basis: string;
  /** The parsed answer; the scraper that wrote it validates it when reading it back. */
  data: Record<string, unknown>;
}

/** One poll's worth of records, with what went wrong along the way. */
export interface PollResult {
  records: NormalisedCall[];
  pages: number;
  /** Raw records received, before de-duplication. */
  received: number;
  /** Records dropped as duplicates or stale legacy copies. */
  skipped: number;
  /** Raw records that came from a legacy copy of the index. */
  legacyRecords: number;
  /** Pages that came back with no records although more were announced. */
  emptyPages: number[];
  /** Non-fatal problems (a detail page missing, paging repeats) for the run log. */
  warnings: string[];
}
