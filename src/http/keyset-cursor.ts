import { InvalidInput } from '../errors.js';

export const INVALID_CURSOR =
  'cursor is not valid: pass nextCursor from the previous page unchanged';

/**
 * Every list's cursor: the last item's position (its sort values, its id, whatever the list
 * needs to check the cursor belongs to the query) as base64url JSON, opaque to clients.
 */
export function encodeCursorValues(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The values of a cursor made by encodeCursorValues, `length` of them, unchecked: the list
 * checks each before it reaches SQL, so a hand-edited cursor is a 400, never a failed cast.
 */
export function decodeCursorValues(raw: string, length: number): unknown[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInput(INVALID_CURSOR);
  }
  if (!Array.isArray(decoded) || decoded.length !== length) throw new InvalidInput(INVALID_CURSOR);
  return decoded;
}

/** A cursor for lists ordered by a few string columns (a slug; a timestamp and an id). */
export function encodeKeysetCursor(values: string[]): string {
  return encodeCursorValues(values);
}

/**
 * The values of a cursor made by encodeKeysetCursor, each checked by its pattern before it
 * reaches SQL: a hand-edited cursor is a 400, never a failed cast in the database.
 */
export function decodeKeysetCursor(raw: string, patterns: RegExp[]): string[] {
  return decodeCursorValues(raw, patterns.length).map((value, index) => {
    if (typeof value !== 'string' || !patterns[index]?.test(value)) {
      throw new InvalidInput(INVALID_CURSOR);
    }
    return value;
  });
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
