import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import { type AdvanceOutcome, advanceCallStatuses, nextTransitionAt } from './advance-statuses.js';

/**
 * How long this process trusts the instant of the next pending transition before asking the
 * database again: a poll in another process may have stored a call that changes sooner.
 */
const TRANSITION_RECHECK_MS = 5_000;

/**
 * Keeps what readers see true at the instant they read, not only at the sweep schedule: a
 * read first checks whether the clock has passed the earliest pending transition (cached per
 * process, re-read after each sweep and every few seconds) and sweeps first if it has.
 * Concurrent readers share one sweep.
 */
export class StatusSweeper {
  private pendingAt: { at: Date | null; checkedAt: number } | null = null;
  private sweeping: Promise<AdvanceOutcome> | null = null;

  constructor(private readonly deps: { db: Database; clock: Clock; logger: Logger }) {}

  /** Sweeps when some stored call's status or next deadline is out of date as of now. */
  async ensureCurrent(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (!this.pendingAt || Math.abs(now - this.pendingAt.checkedAt) > TRANSITION_RECHECK_MS) {
      this.pendingAt = { at: await nextTransitionAt(this.deps.db), checkedAt: now };
    }
    const at = this.pendingAt.at;
    if (at && now >= at.getTime()) await this.sweep();
  }

  /**
   * The clock instant (ms) until which statuses read now stay true: the next pending
   * transition as last checked (Infinity when none is pending). Call after ensureCurrent.
   */
  currentUntil(): number {
    return this.pendingAt?.at?.getTime() ?? Number.POSITIVE_INFINITY;
  }

  /** One sweep at a time in this process; the cached instant is refreshed after it. */
  sweep(): Promise<AdvanceOutcome> {
    if (!this.sweeping) {
      this.sweeping = this.sweepAndRefresh().finally(() => {
        this.sweeping = null;
      });
    }
    return this.sweeping;
  }

  private async sweepAndRefresh(): Promise<AdvanceOutcome> {
    const outcome = await advanceCallStatuses(this.deps);
    this.pendingAt = {
      at: await nextTransitionAt(this.deps.db),
      checkedAt: this.deps.clock.now().getTime(),
    };
    return outcome;
  }
}
