import { BadRequestError } from '../http/errors.js';
import type { CallSort } from './schemas.js';

/** Keyset position: the sort value of the last item and its id, bound to one sort order. */
export interface CallCursor {
  sort: CallSort;
  value: string | null;
  id: string;
}

export function encodeCursor(cursor: CallCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string, sort: CallSort): CallCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError(
      'cursor is not valid: pass nextCursor from the previous page unchanged',
    );
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    typeof decoded[2] !== 'string' ||
    !(typeof decoded[1] === 'string' || decoded[1] === null)
  ) {
    throw new BadRequestError(
      'cursor is not valid: pass nextCursor from the previous page unchanged',
    );
  }
  if (decoded[0] !== sort) {
    throw new BadRequestError(
      `cursor was made for sort=${String(decoded[0])}; repeat the same sort`,
    );
  }
  return { sort, value: decoded[1], id: decoded[2] };
}
