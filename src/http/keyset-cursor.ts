import { InvalidInput } from '../errors.js';

const INVALID = 'cursor is not valid: pass nextCursor from the previous page unchanged';

/**
 * An opaque keyset cursor for lists ordered by a few string columns (a slug; a timestamp
 * and an id): the last item's values, base64url JSON.
 */
export function encodeKeysetCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The values of a cursor made by encodeKeysetCursor, each checked by its pattern before it
 * reaches SQL: a hand-edited cursor is a 400, never a failed cast in the database.
 */
export function decodeKeysetCursor(raw: string, patterns: RegExp[]): string[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInput(INVALID);
  }
  if (!Array.isArray(decoded) || decoded.length !== patterns.length) {
    throw new InvalidInput(INVALID);
  }
  return decoded.map((value, index) => {
    if (typeof value !== 'string' || !patterns[index]?.test(value)) {
      throw new InvalidInput(INVALID);
    }
    return value;
  });
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
