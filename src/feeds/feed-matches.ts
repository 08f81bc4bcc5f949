import type { Database } from '../db/client.js';
import type { StoredExplanation } from '../db/schema/index.js';
import { type MatchPageRow, matchPageQuery } from '../matching/match-query.js';

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
 * A department's matched calls for its feeds, best first: the same statement as
 * GET /v1/matches?department=… (match-query.ts), so a feed and the match list never
 * disagree: open and forthcoming calls only, none past its last deadline as of `now`, muted
 * calls left out. One query, deadlines included. The department is the feed's own, so it
 * exists (its feed would have cascaded away with it).
 */
export async function feedMatches(
  db: Database,
  input: { tenantId: string; departmentKey: string; now: Date },
): Promise<FeedMatch[]> {
  const statement = matchPageQuery({
    tenantId: input.tenantId,
    query: { department: input.departmentKey },
    areaKeys: null,
    cursor: null,
    limit: FEED_MATCH_LIMIT,
    now: input.now,
  });
  const rows = ((await db.execute(statement)) as unknown as { rows: MatchPageRow[] }).rows;
  return rows.slice(0, FEED_MATCH_LIMIT).map((row) => ({
    call: {
      id: row.call_id,
      identifier: row.identifier,
      title: row.title,
      programme: { code: row.programme_code, name: row.programme_name },
      status: row.status,
      nextDeadlineAt: row.next_deadline_ms === null ? null : new Date(row.next_deadline_ms),
      deadlines: row.deadlines.map(({ deadlineMs, ...deadline }) => ({
        ...deadline,
        deadlineAt: new Date(deadlineMs),
      })),
      sourceUrl: row.source_url,
      updatedAt: new Date(row.updated_ms),
    },
    score: Number(row.score),
    areaKey: row.area_key,
    explanation: row.explanation,
  }));
}
