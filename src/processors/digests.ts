import type { DigestDeps } from '../digests/deps.js';
import { planDueDigests } from '../digests/planner.js';
import { recoverUnfinishedDigests, sendDigestRun } from '../digests/sender.js';
import type { Processors } from '../jobs/contract.js';

export function digestProcessors(deps: DigestDeps): Processors['digests'] {
  return {
    'plan-digests': (payload) => planDueDigests(deps, payload),
    'send-digest': ({ runId }) => sendDigestRun(deps, runId),
    'recover-digests': () => recoverUnfinishedDigests(deps),
  };
}
