import type { Clock } from '../clock.js';
import type { JobQueue, Processors } from '../jobs/contract.js';
import {
  allTenantIds,
  type MatchingDeps,
  rematchCalls,
  rematchTenants,
} from '../matching/service.js';

interface MatchingProcessorDeps extends MatchingDeps {
  clock: Clock;
  /** Where the nightly pass puts its tenant batches; a function: the queue is built later. */
  jobs: () => JobQueue;
}

/**
 * Matching jobs. Each re-reads tenants and calls and replaces the affected match rows in
 * short transactions that re-check what they scored, so a retry, a duplicate job or two
 * workers at once give the same rows (src/matching/match-writer.ts).
 */
export function matchingProcessors(deps: MatchingProcessorDeps): Processors['matching'] {
  return {
    'rematch-tenant': ({ tenantId }) =>
      rematchTenants(deps, { tenantIds: [tenantId], now: deps.clock.now() }),
    'rematch-tenants': ({ tenantIds }) =>
      rematchTenants(deps, { tenantIds, now: deps.clock.now() }),
    'rematch-calls': ({ callIds }) => rematchCalls(deps, { callIds, now: deps.clock.now() }),
    'rematch-all': (_payload, context) => enqueueFullRematch(deps, context.jobId),
  };
}

/**
 * Tenants per job of the nightly pass: small enough that two or more workers share the pass
 * evenly, large enough that loading the open calls once per job stays a small part of it.
 */
const TENANTS_PER_JOB = 25;

/**
 * The nightly full pass: every tenant, in rematch-tenants jobs that any worker takes. Job
 * ids derive from this job's id, so a retry of it queues no batch twice.
 */
async function enqueueFullRematch(deps: MatchingProcessorDeps, parentJobId: string) {
  const ids = await allTenantIds(deps.db);
  // BullMQ job ids may not contain ':' (scheduler job ids do).
  const prefix = `${parentJobId.replaceAll(':', '-')}-tenants`;
  let jobs = 0;
  for (let start = 0; start < ids.length; start += TENANTS_PER_JOB, jobs += 1) {
    await deps
      .jobs()
      .enqueue(
        'matching',
        'rematch-tenants',
        { tenantIds: ids.slice(start, start + TENANTS_PER_JOB) },
        { jobId: `${prefix}-${jobs}` },
      );
  }
  deps.logger.info({ tenants: ids.length, jobs }, 'full re-match queued');
  return { tenants: ids.length, jobs };
}
