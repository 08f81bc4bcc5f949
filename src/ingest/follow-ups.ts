import { recordFollowUp } from '../jobs/outbox.js';
import type { Tx } from './call-rows.js';

/** Largest callIds list one rematch-calls job carries (the contract allows 1,000). */
const CALLS_PER_JOB = 500;

/**
 * The re-match of new and changed calls, recorded in the transaction that changed them (see
 * src/jobs/outbox.ts): the follow-up exists exactly when the change does.
 */
export async function recordRematchOfCalls(
  tx: Tx,
  callIds: string[],
  recordedAt: Date,
): Promise<void> {
  for (let start = 0; start < callIds.length; start += CALLS_PER_JOB) {
    const chunk = callIds.slice(start, start + CALLS_PER_JOB);
    await recordFollowUp(tx, 'matching', 'rematch-calls', { callIds: chunk }, recordedAt);
  }
}
