import type { Database } from '../db/client.js';
import type { BullmqJobQueue } from '../jobs/bullmq.js';
import type { Processor, SchedulerDefinition } from '../jobs/contract.js';
import type { InProcessRunner } from '../jobs/in-process.js';
import { declaredSchedulers } from '../jobs/schedulers.js';

/**
 * Where this process's recurring jobs live: the embedded runner's timers, or BullMQ's job
 * schedulers in Redis. `apply` replaces what is there with the declared list.
 */
export interface SchedulerHost {
  apply(declared: SchedulerDefinition[]): Promise<void>;
}

/** After a source changed (enabled, schedule): the schedulers as the table now says. */
export function reconcileSchedulersProcessor(deps: {
  db: Database;
  schedulers: SchedulerHost;
}): Processor<'sources', 'reconcile-schedulers'> {
  return async () => {
    const declared = await declaredSchedulers(deps.db);
    await deps.schedulers.apply(declared);
    return { schedulers: declared.length };
  };
}

/** The embedded default: the in-process runner re-arms its timers. */
export function inProcessSchedulers(
  runner: () => Pick<InProcessRunner, 'schedule'>,
): SchedulerHost {
  return { apply: async (declared) => runner().schedule(declared) };
}

/**
 * BullMQ: the schedulers in Redis, upserted and pruned. A worker starting at the same time
 * holds the reconcile lock and may have read the table before the change: fail, and the
 * job's retry reconciles again.
 */
export function bullmqSchedulers(
  queue: Pick<BullmqJobQueue, 'reconcileSchedulers'>,
): SchedulerHost {
  return {
    apply: async (declared) => {
      if ((await queue.reconcileSchedulers(declared)) === null) {
        throw new Error('another process is reconciling the schedulers; retrying');
      }
    },
  };
}
