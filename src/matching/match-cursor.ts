import { createHash } from 'node:crypto';
import { InvalidInput } from '../errors.js';
import { decodeCursorValues, encodeCursorValues, INVALID_CURSOR } from '../http/keyset-cursor.js';
import type { ListMatchesQuery, MatchSort } from './schemas.js';

/**
 * Keyset position in a match list: the sort value of the last item and its call id, bound
 * to the sort and to the filters it was made under. A cursor from another list would skip
 * or repeat items silently, so it is refused instead.
 */
export interface MatchCursor {
  /** score: a number; deadline: an ISO instant or 'infinity' (undated calls); newest: ISO. */
  value: number | string;
  callId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The filters a cursor belongs to, in a fixed order: the same list gives the same stamp. */
function filterStamp(query: ListMatchesQuery): string {
  const filters = [
    query.sort ?? 'score',
    query.area ?? '',
    query.department ?? '',
    query.minScore ?? '',
    query.status ?? '',
    query.programme ?? '',
    query.deadlineFrom ?? '',
    query.deadlineTo ?? '',
    query.q ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 12);
}

export function encodeMatchCursor(query: ListMatchesQuery, cursor: MatchCursor): string {
  return encodeCursorValues([filterStamp(query), cursor.value, cursor.callId]);
}

/** Checks everything a cursor carries before it reaches SQL: a bad one is a 400. */
export function decodeMatchCursor(raw: string, query: ListMatchesQuery): MatchCursor {
  const [stamp, value, callId] = decodeCursorValues(raw, 3);
  if (stamp !== filterStamp(query)) {
    throw new InvalidInput('cursor was made for another sort or other filters; repeat them');
  }
  if (!validValue(query.sort ?? 'score', value) || typeof callId !== 'string' || !UUID.test(callId))
    throw new InvalidInput(INVALID_CURSOR);
  return { value: value as number | string, callId };
}

function validValue(sort: MatchSort, value: unknown): boolean {
  if (sort === 'score') return typeof value === 'number' && Number.isFinite(value);
  if (typeof value !== 'string') return false;
  if (sort === 'deadline' && value === 'infinity') return true;
  return ISO.test(value) && !Number.isNaN(Date.parse(value));
}
