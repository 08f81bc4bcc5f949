import type { NormalisedDeadline } from './types.js';

/**
 * The one rule for "this deadline is still ahead": up to and including its very instant.
 * Status derivation (and through it the matcher and the status sweep) and the scrapers'
 * legacy filter all ask this, so a call is never open for one of them and past for another.
 */
export function isDeadlineAhead(deadlineAt: Date, now: Date): boolean {
  return deadlineAt.getTime() >= now.getTime();
}

/** Whether any of the deadlines is still ahead as of `now`. */
export function hasDeadlineAhead(
  deadlines: readonly Pick<NormalisedDeadline, 'deadlineAt'>[],
  now: Date,
): boolean {
  return deadlines.some((deadline) => isDeadlineAhead(deadline.deadlineAt, now));
}
