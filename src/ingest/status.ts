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

/**
 * The one rule for "this deadline is still ahead": up to and including its very instant.
 * Status derivation (and through it the matcher and the status sweep) and the scrapers'
 * legacy filter all ask this, so a call is never open for one of them and past for another.
 */
function isDeadlineAhead(deadlineAt: Date, now: Date): boolean {
  return deadlineAt.getTime() >= now.getTime();
}

/** Whether any of the deadlines is still ahead as of `now`. */
export function hasDeadlineAhead(
  deadlines: readonly Pick<NormalisedDeadline, 'deadlineAt'>[],
  now: Date,
): boolean {
  return deadlines.some((deadline) => isDeadlineAhead(deadline.deadlineAt, now));
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
