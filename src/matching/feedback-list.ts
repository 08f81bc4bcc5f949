import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { calls, matchFeedback, priorityAreas } from '../db/schema/index.js';
import { InvalidInput } from '../errors.js';
import {
  decodeCursorValues,
  encodeCursorValues,
  INVALID_CURSOR,
  UUID_PATTERN,
} from '../http/keyset-cursor.js';
import { areaOf } from './feedback-store.js';
import type { FeedbackItem, ListFeedbackQuery } from './schemas.js';

/** Keyset position: the last item's (updatedAt, area id, call id), bound to the filters. */
function encodeFeedbackCursor(
  query: ListFeedbackQuery,
  row: { updatedAt: Date; areaId: string; callId: string },
) {
  const position = [
    query.area ?? '',
    query.verdict ?? '',
    row.updatedAt.toISOString(),
    row.areaId,
    row.callId,
  ];
  return encodeCursorValues(position);
}

function decodeFeedbackCursor(raw: string, query: ListFeedbackQuery) {
  const uuid = UUID_PATTERN;
  const [area, verdict, updatedAt, areaId, callId] = decodeCursorValues(raw, 5);
  if (area !== (query.area ?? '') || verdict !== (query.verdict ?? ''))
    throw new InvalidInput('cursor was made for other filters; repeat them');
  if (
    typeof updatedAt !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(updatedAt) ||
    Number.isNaN(Date.parse(updatedAt)) ||
    typeof areaId !== 'string' ||
    !uuid.test(areaId) ||
    typeof callId !== 'string' ||
    !uuid.test(callId)
  )
    throw new InvalidInput(INVALID_CURSOR);
  return { updatedAt, areaId, callId };
}

/** The tenant's verdicts, most recently changed first, a page at a time. */
export async function listFeedback(
  db: Database,
  tenantId: string,
  query: ListFeedbackQuery,
): Promise<{ items: FeedbackItem[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const conditions: SQL[] = [eq(matchFeedback.tenantId, tenantId)];
  if (query.area)
    conditions.push(eq(matchFeedback.areaId, (await areaOf(db, tenantId, query.area)).id));
  if (query.verdict) conditions.push(eq(matchFeedback.verdict, query.verdict));
  if (query.cursor) {
    const cursor = decodeFeedbackCursor(query.cursor, query);
    conditions.push(
      sql`(${matchFeedback.updatedAt}, ${matchFeedback.areaId}, ${matchFeedback.callId}) < (${cursor.updatedAt}::timestamptz, ${cursor.areaId}::uuid, ${cursor.callId}::uuid)`,
    );
  }
  const rows = await db
    .select({
      callId: matchFeedback.callId,
      areaId: matchFeedback.areaId,
      identifier: calls.identifier,
      title: calls.title,
      area: priorityAreas.key,
      verdict: matchFeedback.verdict,
      note: matchFeedback.note,
      createdAt: matchFeedback.createdAt,
      updatedAt: matchFeedback.updatedAt,
    })
    .from(matchFeedback)
    .innerJoin(priorityAreas, eq(priorityAreas.id, matchFeedback.areaId))
    .innerJoin(calls, eq(calls.id, matchFeedback.callId))
    .where(and(...conditions))
    .orderBy(desc(matchFeedback.updatedAt), desc(matchFeedback.areaId), desc(matchFeedback.callId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      callId: row.callId,
      call: { identifier: row.identifier, title: row.title },
      area: row.area,
      verdict: row.verdict,
      note: row.note,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    })),
    nextCursor: rows.length > limit && last ? encodeFeedbackCursor(query, last) : null,
  };
}
