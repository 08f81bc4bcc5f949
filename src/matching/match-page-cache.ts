import { VersionedResponseCache } from '../http/versioned-cache.js';
import type { MatchItem } from './schemas.js';

const DAY_MS = 86_400_000;
/** Pages kept per process: every department of a few hundred tenants, 10–40 KB each. */
const MATCH_CACHE_ENTRIES = 4_000;
/** A bound for changes no version sees (a clock set back); the versions see the rest. */
const MATCH_CACHE_MAX_AGE_MS = 60_000;

export function matchPageCache(): VersionedResponseCache {
  return new VersionedResponseCache({
    maxEntries: MATCH_CACHE_ENTRIES,
    maxAgeMs: MATCH_CACHE_MAX_AGE_MS,
  });
}

/**
 * Until when a page's explanations stay true as of `now`: each says "deadline in N days",
 * and N = floor((deadline − now) / day) drops at deadline − N days. The page is cached no
 * longer than the first such instant (nor than the next status transition, the caller's
 * other bound).
 */
export function explanationsCurrentUntil(items: MatchItem[], now: number): number {
  let until = Number.POSITIVE_INFINITY;
  for (const item of items) {
    if (!item.call.nextDeadlineAt) continue;
    const deadline = Date.parse(item.call.nextDeadlineAt);
    const daysLeft = Math.floor((deadline - now) / DAY_MS);
    const change = deadline - daysLeft * DAY_MS;
    until = Math.min(until, change > now ? change : now + 1);
  }
  return until;
}
