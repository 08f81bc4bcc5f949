import { and, asc, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { callDeadlines, calls, type StoredExplanation } from '../db/schema/index.js';
import { departmentMatches } from '../matching/department-matches.js';

/** A feed shows a department's best calls, not its whole history: enough for any intranet. */
export const FEED_MATCH_LIMIT = 100;

export interface FeedCall {
  id: string;
  identifier: string;
  title: string;
  programme: { code: string | null; name: string | null };
  status: 'open' | 'forthcoming';
  nextDeadlineAt: Date | null;
  deadlines: Array<{ stage: number; deadlineAt: Date; localDate: string; timeZone: string }>;
  sourceUrl: string;
  updatedAt: Date;
}

export interface FeedMatch {
  call: FeedCall;
  score: number;
  areaKey: string;
  explanation: StoredExplanation;
}

/**
 * A department's matched calls for its feeds, best first: open and forthcoming calls only
 * (the caller brings statuses up to the clock first), muted calls left out (by
 * departmentMatches). Three queries whatever the number of calls: the matches, their calls,
 * their deadlines.
 */
export async function feedMatches(
  db: Database,
  input: { tenantId: string; departmentKey: string },
): Promise<FeedMatch[]> {
  const matched = await departmentMatches(db, { ...input, limit: FEED_MATCH_LIMIT });
  if (matched.length === 0) return [];
  const ids = matched.map((match) => match.callId);
  const callRows = await db
    .select({
      id: calls.id,
      identifier: calls.identifier,
      title: calls.title,
      programmeCode: calls.programmeCode,
      programmeName: calls.programmeName,
      status: calls.status,
      nextDeadlineAt: calls.nextDeadlineAt,
      sourceUrl: calls.sourceUrl,
      updatedAt: calls.updatedAt,
    })
    .from(calls)
    .where(and(inArray(calls.id, ids), inArray(calls.status, ['open', 'forthcoming'])));
  const deadlineRows = await db
    .select({
      callId: callDeadlines.callId,
      stage: callDeadlines.stage,
      deadlineAt: callDeadlines.deadlineAt,
      localDate: callDeadlines.localDate,
      timeZone: callDeadlines.timeZone,
    })
    .from(callDeadlines)
    .where(inArray(callDeadlines.callId, ids))
    .orderBy(asc(callDeadlines.callId), asc(callDeadlines.stage));
  const deadlinesOf = new Map<string, FeedCall['deadlines']>();
  for (const { callId, ...deadline } of deadlineRows) {
    const list = deadlinesOf.get(callId) ?? [];
    list.push(deadline);
    deadlinesOf.set(callId, list);
  }
  const callOf = new Map(callRows.map((row) => [row.id, row]));
  return matched.flatMap((match) => {
    const row = callOf.get(match.callId);
    // A call closed between the matches and this read (a sweep in another process).
    if (!row || row.status === 'closed') return [];
    const { programmeCode, programmeName, ...call } = row;
    return [
      {
        call: {
          ...call,
          status: row.status,
          programme: { code: programmeCode, name: programmeName },
          deadlines: deadlinesOf.get(row.id) ?? [],
        },
        score: match.score,
        areaKey: match.areaKey,
        explanation: match.explanation,
      },
    ];
  });
}
