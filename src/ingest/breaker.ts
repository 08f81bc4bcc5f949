/**
 * The per-source circuit breaker: after several failed polls in a row, scheduled polls of
 * the source are skipped for a while (an hour, doubling with each further failure, at most
 * a week), so a site that is down or blocks us is not hammered on every schedule tick. An
 * admin's "poll now" still runs (the half-open probe); a good or degraded poll closes it.
 */
interface BreakerPolicy {
  /** Failed polls in a row that open the breaker. */
  breakerFailures: number;
  /** The first pause; each further failure doubles it. */
  breakerPauseMinutes: number;
}

const DEFAULT_BREAKER: BreakerPolicy = { breakerFailures: 5, breakerPauseMinutes: 60 };
const MAX_PAUSE_MS = 7 * 24 * 3_600_000;

export function breakerPolicyFrom(settings: Record<string, unknown>): BreakerPolicy {
  const policy = { ...DEFAULT_BREAKER };
  for (const key of Object.keys(policy) as Array<keyof BreakerPolicy>) {
    const value = settings[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1) policy[key] = value;
  }
  return policy;
}

/** The source's breaker state after one more failed poll. */
export function breakerAfterFailure(
  failuresBefore: number,
  policy: BreakerPolicy,
  now: Date,
): { consecutiveFailures: number; pausedUntil: Date | null } {
  const consecutiveFailures = failuresBefore + 1;
  if (consecutiveFailures < policy.breakerFailures)
    return { consecutiveFailures, pausedUntil: null };
  const doublings = Math.min(20, consecutiveFailures - policy.breakerFailures);
  const pauseMs = Math.min(MAX_PAUSE_MS, policy.breakerPauseMinutes * 60_000 * 2 ** doublings);
  return { consecutiveFailures, pausedUntil: new Date(now.getTime() + pauseMs) };
}

/** Whether a scheduled poll should be skipped now. */
export function breakerOpen(pausedUntil: Date | null, now: Date): boolean {
  return pausedUntil !== null && pausedUntil.getTime() > now.getTime();
}
