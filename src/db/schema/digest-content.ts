/**
 * What a digest says (here, beside the table that stores it, like StoredExplanation), decided when its run is planned and stored with each email
 * (digest_emails.content): the planner (content.ts) makes it, the renderer (render/) turns
 * it into subject, HTML and text, the preview shows it. Plain data, JSON as stored: every
 * instant an ISO string, every text as scraped (the renderer escapes it).
 */

export type DigestLanguage = 'sv' | 'nb' | 'en';

export interface DigestDeadline {
  /** ISO instant. */
  at: string;
  /** 1, or 2 for a second stage. */
  stage: number;
}

export interface DigestBudget {
  currency: string;
  total: number | null;
}

/** One call as a digest lists it. */
export interface DigestItem {
  callId: string;
  identifier: string;
  title: string;
  programme: string | null;
  /** Every deadline, earliest first. */
  deadlines: DigestDeadline[];
  /** The next deadline still ahead as of the digest (ISO), null when none. */
  nextDeadlineAt: string | null;
  /** Whole days from the digest's instant to nextDeadlineAt. */
  daysLeft: number | null;
  budget: DigestBudget | null;
  /** The department's score for the call, 0–100. */
  score: number;
  /** One "why it matched" line, already in the digest's language. */
  why: string;
  /** The call on its source (https only: anything else is dropped when planned). */
  sourceUrl: string | null;
  /** The call in the API (GET /v1/calls/:id). */
  apiUrl: string;
}

/** One thing that changed since the recipient was shown the call. */
export type DigestChange =
  | { kind: 'deadline'; from: string | null; to: string | null }
  | { kind: 'opened' }
  | { kind: 'budget'; from: DigestBudget | null; to: DigestBudget | null };

export interface ChangedDigestItem extends DigestItem {
  changes: DigestChange[];
}

/** The best items of a section, and how many more there were. */
export interface DigestSection<Item> {
  items: Item[];
  more: number;
}

export interface DigestContent {
  kind: 'department';
  language: DigestLanguage;
  /** The tenant's IANA zone: every date is shown in it. */
  timeZone: string;
  tenant: { slug: string; name: string };
  department: { key: string; name: string };
  /** ISO instants: since the recipient's last digest (or the first planning), until now. */
  period: { from: string; to: string; label: string };
  /** The instant the content was decided ("days left" counts from here). */
  generatedAt: string;
  sections: {
    new: DigestSection<DigestItem>;
    changed: DigestSection<ChangedDigestItem>;
    closingSoon: DigestSection<DigestItem>;
  };
  links: {
    /** All of the department's matches (the intranet or API). */
    allMatches: string;
    /** One-click unsubscribe (RFC 8058) and the preferences page, signed for this recipient. */
    unsubscribe: string;
    preferences: string;
  };
}

/** What digest_shown keeps of a call as a recipient saw it: what "changed" compares with. */
export interface ShownSnapshot {
  deadlines: string[];
  status: string;
  budget: DigestBudget | null;
}

/** A message ready for the mailer. */
export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

/** The coordinator's weekly overview: every department's digest of the period on one page. */
export interface OverviewContent {
  kind: 'overview';
  language: DigestLanguage;
  timeZone: string;
  tenant: { slug: string; name: string };
  period: { from: string; to: string; label: string };
  generatedAt: string;
  /** What each department was sent this period (its recipients, and each section's count and best items). */
  departments: Array<{
    key: string;
    name: string;
    recipients: number;
    sections: DigestContent['sections'];
  }>;
  /** Calls newly matched for the tenant that reached no department's threshold. */
  unrouted: DigestSection<DigestItem>;
  /** Sources degraded or failing during the period. */
  sourceProblems: Array<{ sourceId: string; name: string; status: string; detail: string }>;
  links: { allMatches: string };
}
