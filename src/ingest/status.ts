import { isDeadlineAhead } from '../../scrapers/deadlines.js';
import type { NormalisedDeadline } from '../../scrapers/types.js';
import type { CallStatus, ClosedReason } from '../db/schema/index.js';

/**
 * A call with no deadline at all cannot be checked against the calendar. It is trusted as
 * open for a year after it opened; the portal's legacy copies of calls from 2019–2022 with
 * no deadline are exactly what this keeps out.
 */
export const UNDATED_CALL_OPEN_DAYS = 365;
const DAY_MS = 86_400_000;

export interface DerivedStatus {
  status: CallStatus;
  closedReason: ClosedReason | null;
  nextDeadlineAt: Date | null;
}

/** The last instant an undated call that opened at `openingAt` still counts as open. */
function undatedCallOpenUntil(openingAt: Date): Date {
  return new Date(openingAt.getTime() + UNDATED_CALL_OPEN_DAYS * DAY_MS);
}

/**
 * Status from dates alone: the source's own open/forthcoming flag is never trusted (its
 * legacy index still flags 2023 calls as open). A two-stage call stays open until its
 * last deadline.
 */
export function deriveStatus(
  call: { openingAt: Date | null; deadlines: readonly Pick<NormalisedDeadline, 'deadlineAt'>[] },
  now: Date,
): DerivedStatus {
  const upcoming = call.deadlines
    .map((deadline) => deadline.deadlineAt)
    .filter((deadlineAt) => isDeadlineAhead(deadlineAt, now))
    .sort((a, b) => a.getTime() - b.getTime());
  const nextDeadlineAt = upcoming[0] ?? null;
  if (call.deadlines.length > 0 && !nextDeadlineAt) {
    return { status: 'closed', closedReason: 'deadline-passed', nextDeadlineAt: null };
  }
  if (call.deadlines.length === 0) {
    const openedRecently =
      call.openingAt !== null && now.getTime() <= undatedCallOpenUntil(call.openingAt).getTime();
    if (!openedRecently)
      return { status: 'closed', closedReason: 'no-deadline', nextDeadlineAt: null };
  }
  const status =
    call.openingAt && call.openingAt.getTime() > now.getTime() ? 'forthcoming' : 'open';
  return { status, closedReason: null, nextDeadlineAt };
}
