import type { DigestDeps } from './deps.js';

/**
 * Plans every digest due as of the clock (or `asOf`): for each tenant whose schedule has
 * come this period, one run per department (and the coordinator overview), its emails and
 * their content in the same transaction, and the run's send-digest follow-up.
 */
export async function planDueDigests(
  _deps: DigestDeps,
  _options: { asOf?: string; tenantId?: string },
): Promise<{ runs: number; emails: number }> {
  throw new Error('planDueDigests: not built yet (issue 9, planning)');
}
