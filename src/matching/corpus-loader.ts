import { eq, inArray, ne } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { callDeadlines, calls } from '../db/schema/index.js';
import { type CallFeatures, extractFeatures, type MatchableCall } from './call-features.js';

const MAX_CACHED = 200_000;

const matchableColumns = {
  id: calls.id,
  identifier: calls.identifier,
  title: calls.title,
  callTitle: calls.callTitle,
  programmeCode: calls.programmeCode,
  programmeStrands: calls.programmeStrands,
  actionCategory: calls.actionCategory,
  eligibleCountries: calls.eligibleCountries,
  applicantTypes: calls.applicantTypes,
  tags: calls.tags,
  keywords: calls.keywords,
  descriptionText: calls.descriptionText,
  status: calls.status,
  nextDeadlineAt: calls.nextDeadlineAt,
  openingAt: calls.openingAt,
  contentHash: calls.contentHash,
};

type MatchableRow = Omit<MatchableCall, 'deadlines'> & { contentHash: string };

/**
 * Call features, cached by content hash: extracting them (stemming a description) is the
 * costly part of matching, and a call's features change only when its content does. The
 * cache is a plain memo in this process; losing it costs time, never correctness.
 */
export class FeatureCache {
  private readonly byHash = new Map<string, CallFeatures>();

  featuresOf(row: MatchableCall & { contentHash: string }): CallFeatures {
    const cached = this.byHash.get(row.contentHash);
    // Same content, other call (or new status/deadline): reuse the costly parts. The dates
    // are part of the content hash, so the deadlines are the cached ones.
    if (cached) {
      if (
        cached.call.id === row.id &&
        cached.call.status === row.status &&
        cached.call.nextDeadlineAt?.getTime() === row.nextDeadlineAt?.getTime()
      ) {
        return cached;
      }
      return { ...cached, call: row };
    }
    const features = extractFeatures(row);
    // Bounded: old content versions are dropped wholesale rather than tracked one by one.
    if (this.byHash.size >= MAX_CACHED) this.byHash.clear();
    this.byHash.set(row.contentHash, features);
    return features;
  }

  /** Open and forthcoming calls: the only ones matching looks at. */
  async loadOpenCalls(db: Database): Promise<CallFeatures[]> {
    const rows = await db.select(matchableColumns).from(calls).where(ne(calls.status, 'closed'));
    const deadlines = await db
      .select({ callId: callDeadlines.callId, deadlineAt: callDeadlines.deadlineAt })
      .from(callDeadlines)
      .innerJoin(calls, eq(calls.id, callDeadlines.callId))
      .where(ne(calls.status, 'closed'));
    return this.withDeadlines(rows, deadlines);
  }

  async loadCalls(db: Database, callIds: string[]): Promise<CallFeatures[]> {
    if (callIds.length === 0) return [];
    const rows = await db.select(matchableColumns).from(calls).where(inArray(calls.id, callIds));
    const deadlines = await db
      .select({ callId: callDeadlines.callId, deadlineAt: callDeadlines.deadlineAt })
      .from(callDeadlines)
      .where(inArray(callDeadlines.callId, callIds));
    return this.withDeadlines(rows, deadlines);
  }

  /** The matcher judges open and days left from the dates themselves, as of its own now. */
  private withDeadlines(
    rows: MatchableRow[],
    deadlines: Array<{ callId: string; deadlineAt: Date }>,
  ): CallFeatures[] {
    const byCall = new Map<string, Array<{ deadlineAt: Date }>>();
    for (const { callId, deadlineAt } of deadlines) {
      const list = byCall.get(callId) ?? [];
      list.push({ deadlineAt });
      byCall.set(callId, list);
    }
    return rows.map((row) => this.featuresOf({ ...row, deadlines: byCall.get(row.id) ?? [] }));
  }
}
