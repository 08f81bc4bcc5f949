import type { Clock } from '../../src/clock.js';
import type { JobQueue, Processors } from '../../src/jobs/contract.js';
import { type MatchingDeps, rematchCalls, rematchTenants } from '../../src/matching/service.js';

/**
 * Matching jobs. Each re-reads tenants and calls and replaces the affected match rows in a
 * transaction, so a retry or a duplicate job gives the same rows.
 */
export function matchingProcessors(deps: MatchingDeps & { clock: Clock }): Processors['matching'] {
  const now = () => deps.clock.now();
  return {
    'rematch-tenant': ({ tenantId }) => rematchTenants(deps, { tenantIds: [tenantId], now: now() }),
    'rematch-calls': ({ callIds }) => rematchCalls(deps, { callIds, now: now() }),
    'rematch-all': () => rematchTenants(deps, { now: now() }),
  };
}

/** Largest callIds list one rematch-calls job carries (the contract allows 1,000). */
const CALLS_PER_JOB = 500;

/** After a poll: the new and changed calls, re-matched in jobs of at most 500 calls. */
export async function enqueueRematchOfCalls(jobs: JobQueue, callIds: string[]): Promise<void> {
  for (let start = 0; start < callIds.length; start += CALLS_PER_JOB) {
    await jobs.enqueue('matching', 'rematch-calls', {
      callIds: callIds.slice(start, start + CALLS_PER_JOB),
    });
  }
}
