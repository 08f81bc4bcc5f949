import { advanceCallStatuses } from '../../src/calls/advance-statuses.js';
import type { Clock } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import type { Processor } from '../../src/jobs/contract.js';
import type { Logger } from '../../src/logger.js';

/** The scheduled status sweep: idempotent, and safe beside another worker doing the same. */
export function advanceStatusesProcessor(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
}): Processor<'sources', 'advance-statuses'> {
  return async () => {
    const outcome = await advanceCallStatuses(deps);
    return { advanced: outcome.advanced, closed: outcome.closedCallIds.length };
  };
}
