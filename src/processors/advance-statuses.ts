import { advanceCallStatuses } from '../calls/advance-statuses.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import type { Processor } from '../jobs/contract.js';
import type { Logger } from '../logger.js';

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
