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

/**
 * What kind of action a call funds, as far as matching tells them apart (research-led
 * actions rank lower for a municipality; operating grants fund named organisations); null
 * for every other kind.
 */
export const actionCategories = [
  'research',
  'research-cofund',
  'innovation',
  'operating-grant',
] as const;
export type ActionCategory = (typeof actionCategories)[number];

/** Who may apply, when a call restricts it (a municipality applies as a public body). */
export type ApplicantType = 'companies' | 'public-bodies';

/**
 * In eligibleCountries: several partner countries outside the EU that the source does not
 * name (no tenant is established there).
 */
export const UNNAMED_PARTNER_COUNTRIES = 'partner-countries';

export interface NormalisedCall {
  /** Unique within the source; the upsert key. */
  naturalKey: string;
  identifier: string;
  title: string;
  programmeCode: string | null;
  programmeName: string | null;
  callIdentifier: string | null;
  callTitle: string | null;
  /**
   * The parts of its programme the call belongs to, in the programme's own codes, the
   * broadest first: a Horizon Europe cities-mission topic is in ['MISS', 'MISS-CIT'].
   */
  programmeStrands: string[];
  /** The source's own label for the type of action, for people. */
  typeOfAction: string | null;
  /** The type of action as a category matching understands. */
  actionCategory: ActionCategory | null;
  descriptionText: string;
  /** Sanitised: safe for an email or a page. */
  descriptionHtml: string;
  openingAt: Date | null;
  deadlines: NormalisedDeadline[];
  budget: NormalisedBudget | null;
  /**
   * Where applicants must be established (ISO 3166-1 alpha-2, or UNNAMED_PARTNER_COUNTRIES),
   * when the call restricts it beyond its programme's participating countries; else empty.
   */
  eligibleCountries: string[];
  /**
   * NUTS codes (any level, e.g. SE11, NO08, SE110) of the area applicants must be in, when
   * the call covers parts of countries only (an Interreg programme area); else empty.
   */
  eligibleRegions: string[];
  /** Who may apply, when the call restricts it; else empty. */
  applicantTypes: ApplicantType[];
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
  /**
   * Every page the poll asked for conditionally answered 304: nothing changed since the
   * last applied poll, `records` is empty and nothing is written, absence not counted.
   */
  notModified?: boolean;
}

/**
 * How a source's days meet instants. A poll or replay is "for" a day of the source (F&T
 * states every date in Brussels time), and derives statuses as of the start of that day
 * there; the application asks the source instead of knowing its time zone.
 */
export interface SourceCalendar {
  /** The source's day (YYYY-MM-DD) at this instant. */
  dayOf(instant: Date): string;
  /** The instant a run for this day derives statuses at: the day's start in the source's zone. */
  startOfDay(day: string): Date;
}
