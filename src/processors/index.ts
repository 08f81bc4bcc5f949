import { advanceCallStatuses } from '../calls/advance-statuses.js';
import type { Clock } from '../clock.js';
import type { DigestDeps } from '../digests/deps.js';
import type { Processors } from '../jobs/contract.js';
import { createMatchingDeps } from '../matching/service.js';
import { advanceStatusesProcessor } from './advance-statuses.js';
import { digestProcessors } from './digests.js';
import { matchingProcessors } from './matching.js';
import { type PollSourceDeps, pollSourceProcessor } from './poll-source.js';
import { reconcileSchedulersProcessor, type SchedulerHost } from './reconcile-schedulers.js';

type ProcessorDeps = PollSourceDeps & {
  /** The application's clock: every job derives "now" from it. */
  clock: Clock;
  /** The mailer and settings digests are planned and sent with. */
  digests: Pick<DigestDeps, 'mailer' | 'publicBaseUrl' | 'config'>;
  /** Where a reconcile-schedulers job applies the schedulers: timers here, or Redis. */
  schedulers: SchedulerHost;
};

/** Every queue's processors, built once from their dependencies (matching caches included). */
export function createProcessors(deps: ProcessorDeps): Processors {
  return {
    sources: {
      'poll-source': pollSourceProcessor(deps),
      'advance-statuses': advanceStatusesProcessor(deps),
      'reconcile-schedulers': reconcileSchedulersProcessor(deps),
    },
    matching: afterStatusSweep(
      matchingProcessors({
        ...createMatchingDeps(deps.db, deps.logger),
        clock: deps.clock,
        jobs: deps.jobs,
      }),
      deps,
    ),
    digests: digestProcessors({ ...deps, ...deps.digests }),
  };
}

/**
 * Every matching job first brings stored statuses up to the clock, so matching never runs on
 * a call that closed since the last poll (and the sweep drops that call's matches).
 */
function afterStatusSweep(
  processors: Processors['matching'],
  deps: ProcessorDeps,
): Processors['matching'] {
  const wrapped: Record<string, unknown> = {};
  for (const [job, processor] of Object.entries(processors)) {
    wrapped[job] = async (payload: never, context: never) => {
      await advanceCallStatuses(deps);
      return (processor as (payload: never, context: never) => Promise<unknown>)(payload, context);
    };
  }
  return wrapped as Processors['matching'];
}
