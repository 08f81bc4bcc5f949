import type { DigestDeps } from './deps.js';

/** Sends a run's pending emails, each under a row lock; see digest_emails. */
export async function sendDigestRun(
  _deps: DigestDeps,
  _runId: string,
): Promise<{ sent: number; failed: number; temporary: number }> {
  throw new Error('sendDigestRun: not built yet (issue 9, delivery)');
}

/** Re-queues send-digest for runs left unfinished. */
export async function recoverUnfinishedDigests(_deps: DigestDeps): Promise<{ requeued: number }> {
  throw new Error('recoverUnfinishedDigests: not built yet (issue 9, delivery)');
}
