import type { Processors } from '../../src/jobs/contract.js';
import type { MatchingDeps } from '../../src/matching/service.js';
import { matchingProcessors } from './matching.js';
import { type PollSourceDeps, pollSourceProcessor } from './poll-source.js';

/** Every queue's processors, built once from their dependencies. */
export function createProcessors(deps: PollSourceDeps & MatchingDeps): Processors {
  return {
    sources: { 'poll-source': pollSourceProcessor(deps) },
    matching: matchingProcessors(deps),
  };
}
