import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Politeness per host, within this process: at most `limit` requests in flight, and request
 * starts at least `minIntervalMs` apart (more when a caller asks, e.g. for a robots.txt
 * Crawl-delay), so one slow portal never gets hammered by a burst of pages or detail
 * fetches. Across processes the schedules keep load low; this is politeness, not a
 * distributed rate limit.
 */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();
  /** When the latest request to each host started, once it has: each start waits for it. */
  private readonly lastStart = new Map<string, Promise<number>>();

  constructor(
    private readonly limit: number,
    private readonly minIntervalMs = 0,
  ) {}

  /** Runs `task` once a slot is free and the host's interval since the last start has passed. */
  async run<T>(host: string, task: () => Promise<T>, minIntervalMs = 0): Promise<T> {
    await this.acquire(host);
    try {
      await this.waitForTurn(host, Math.max(this.minIntervalMs, minIntervalMs));
      return await task();
    } finally {
      this.release(host);
    }
  }

  /**
   * Starts queue per host: each waits for the one before it to have started, then for the
   * interval since that start, measured from when it really started (a late timer or a busy
   * event loop makes the next request later, never earlier).
   */
  private async waitForTurn(host: string, intervalMs: number): Promise<void> {
    const previous = this.lastStart.get(host);
    let started: (at: number) => void = () => {};
    this.lastStart.set(host, new Promise<number>((resolve) => (started = resolve)));
    if (previous) {
      const wait = (await previous) + intervalMs - Date.now();
      if (wait > 0) await sleep(wait);
    }
    started(Date.now());
  }

  private acquire(host: string): Promise<void> {
    const active = this.active.get(host) ?? 0;
    if (active < this.limit) {
      this.active.set(host, active + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(host) ?? [];
      queue.push(resolve);
      this.waiting.set(host, queue);
    });
  }

  private release(host: string): void {
    const next = this.waiting.get(host)?.shift();
    if (next) {
      next(); // hand the slot straight to the next waiter
      return;
    }
    const active = (this.active.get(host) ?? 1) - 1;
    if (active === 0) this.active.delete(host);
    else this.active.set(host, active);
    if (this.waiting.get(host)?.length === 0) this.waiting.delete(host);
  }
}
