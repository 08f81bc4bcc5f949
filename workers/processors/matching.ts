import type { Clock } from '../../src/clock.js';
import type { Processors } from '../../src/jobs/contract.js';
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
