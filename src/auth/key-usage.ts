import { eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { apiKeys } from '../db/schema/index.js';
import type { Logger } from '../logger.js';

/** lastUsedAt is for a person deciding whether a key is still in use: minutes are enough. */
const WRITE_INTERVAL_MS = 60_000;

/**
 * Keeps api_keys.last_used_at roughly current without costing the request: at most one
 * write per key a minute (per process), sent after the request was let through and never
 * awaited; a failed write is logged and retried at the key's next use.
 */
export class KeyUsageRecorder {
  private readonly writtenAt = new Map<string, number>();

  constructor(private readonly deps: { db: Database; clock: Clock; logger: Logger }) {}

  used(keyId: string): void {
    const now = this.deps.clock.now();
    const last = this.writtenAt.get(keyId);
    if (last !== undefined && now.getTime() - last < WRITE_INTERVAL_MS) return;
    this.writtenAt.set(keyId, now.getTime());
    this.deps.db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(eq(apiKeys.id, keyId))
      .then(
        () => undefined,
        (error: unknown) => {
          this.writtenAt.delete(keyId);
          this.deps.logger.warn({ err: error, keyId }, 'could not record when a key was used');
        },
      );
  }
}
