import { explanationLine } from '../matching/explain.js';
import type { FeedCall, FeedMatch } from './feed-matches.js';
import type { FeedOwner } from './repository.js';

const DAY_MS = 86_400_000;

export interface FeedItem {
  call: FeedCall;
  score: number;
  area: string;
  /** The explanation line in the department's language, days left counted from `generatedAt`. */
  explanation: string;
}

/** What every format of one feed shows: built once, rendered as JSON, Atom or iCalendar. */
export interface FeedContent {
  feedId: string;
  tenant: { slug: string; name: string; timeZone: string };
  department: { key: string; name: string; language: string };
  generatedAt: Date;
  items: FeedItem[];
  /**
   * Until when this content is true as time passes (data changes aside): the first instant
   * a "deadline in N days" changes, which is also when a shown deadline passes.
   */
  validUntil: Date | null;
}

/** Whole days to the deadline, counted as the matcher counts them (src/matching/score.ts). */
function daysLeft(deadline: Date | null, now: Date): number | null {
  return deadline ? Math.floor((deadline.getTime() - now.getTime()) / DAY_MS) : null;
}

/** The next instant, after now, at which whole days left to the deadline drop by one. */
function nextDayBoundary(deadline: Date, now: Date): number {
  const remainder = (deadline.getTime() - now.getTime()) % DAY_MS;
  return now.getTime() + (remainder > 0 ? remainder : DAY_MS);
}

export function feedContent(owner: FeedOwner, matches: FeedMatch[], now: Date): FeedContent {
  let validUntil: number | null = null;
  const items = matches.map((match) => {
    const deadline = match.call.nextDeadlineAt;
    if (deadline) {
      const boundary = nextDayBoundary(deadline, now);
      validUntil = validUntil === null ? boundary : Math.min(validUntil, boundary);
    }
    return {
      call: match.call,
      score: match.score,
      area: match.areaKey,
      explanation: explanationLine(
        match.explanation,
        daysLeft(deadline, now),
        owner.department.language,
      ),
    };
  });
  return {
    feedId: owner.feedId,
    tenant: { slug: owner.tenant.slug, name: owner.tenant.name, timeZone: owner.tenant.timeZone },
    department: {
      key: owner.department.key,
      name: owner.department.name,
      language: owner.department.language,
    },
    generatedAt: now,
    items,
    validUntil: validUntil === null ? null : new Date(validUntil),
  };
}
