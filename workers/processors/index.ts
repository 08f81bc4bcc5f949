import { systemClock } from '../../src/clock.js';
import type { Processors } from '../../src/jobs/contract.js';
import { createMatchingDeps } from '../../src/matching/service.js';
import { matchingProcessors } from './matching.js';
import { type PollSourceDeps, pollSourceProcessor } from './poll-source.js';

/** Every queue's processors, built once from their dependencies (matching caches included). */
export function createProcessors(deps: PollSourceDeps): Processors {
  return {
    sources: { 'poll-source': pollSourceProcessor(deps) },
    matching: matchingProcessors({
      ...createMatchingDeps(deps.db, deps.logger),
      clock: systemClock,
      jobs: deps.jobs,
    }),
  };
}
