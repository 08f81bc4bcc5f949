import { InvalidInput } from '../errors.js';
import { decodeCursorValues, encodeCursorValues, INVALID_CURSOR } from '../http/keyset-cursor.js';
import type { CallSort } from './schemas.js';

/** Keyset position: the sort value of the last item and its id, bound to one sort order. */
interface CallCursor {
  sort: CallSort;
  value: string | null;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: CallCursor): string {
  return encodeCursorValues([cursor.sort, cursor.value, cursor.id]);
}

/**
 * Checks everything a cursor carries before it reaches SQL: a hand-edited cursor must be a
 * 400, never a failed cast in the database.
 */
export function decodeCursor(raw: string, sort: CallSort): CallCursor {
  const [cursorSort, value, id] = decodeCursorValues(raw, 3);
  if (cursorSort !== sort) {
    throw new InvalidInput(`cursor was made for sort=${String(cursorSort)}; repeat the same sort`);
  }
  const validValue =
    sort === 'title' ? typeof value === 'string' : typeof value === 'string' && isTimestamp(value);
  if (!validValue || typeof id !== 'string' || !UUID.test(id))
    throw new InvalidInput(INVALID_CURSOR);
  return { sort, value: value as string, id };
}

/** An ISO timestamp as encodeCursor writes it, or the infinities closed calls sort by. */
function isTimestamp(value: string): boolean {
  if (value === 'infinity' || value === '-infinity') return true;
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value))
  );
}
