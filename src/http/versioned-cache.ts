import type { ReadyBody } from './ready-body.js';

/**
 * Serialised answers of a list route, by query, for one version of the data they were read
 * from. A page is read and serialised once per version instead of once per request: the
 * list is the API's busiest route and the data changes a few times a day (polls, sweeps).
 *
 * Each entry carries its own version (one for all call pages; per tenant for match pages).
 * An entry ends at the first of: another version of its data, `until` (the next status transition: a call never shows open past its
 * deadline from here), or `maxAgeMs` of process time (a bound for writes the version cannot
 * see, such as a clock set back).
 */
export class VersionedResponseCache {
  private readonly entries = new Map<
    string,
    { version: string; body: ReadyBody; until: number; bornAt: number }
  >();
  private readonly reading = new Map<string, Promise<ReadyBody>>();

  constructor(private readonly options: { maxEntries: number; maxAgeMs: number }) {}

  /**
   * The cached body, or the one `read` makes (its body and the clock instant it is valid
   * until). Requests that miss on the same query at once share one read: a burst of them
   * (a cold start, a new version) costs one query, not one each.
   */
  async getOrRead(
    key: string,
    version: string,
    now: number,
    read: () => Promise<{ body: ReadyBody; until: number }>,
  ): Promise<ReadyBody> {
    const cached = this.get(key, version, now);
    if (cached !== undefined) return cached;
    const flight = `${version}\u0000${key}`;
    let reading = this.reading.get(flight);
    if (!reading) {
      reading = read()
        .then(({ body, until }) => {
          this.set(key, version, body, until);
          return body;
        })
        .finally(() => this.reading.delete(flight));
      this.reading.set(flight, reading);
    }
    return reading;
  }

  /** The body cached for this query at this version, if still valid at `now` (clock ms). */
  private get(key: string, version: string, now: number): ReadyBody | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (
      entry.version !== version ||
      now >= entry.until ||
      performance.now() - entry.bornAt > this.options.maxAgeMs
    ) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.body;
  }

  private set(key: string, version: string, body: ReadyBody, until: number): void {
    // Replaced in place: the entry moves to the end, as the newest.
    this.entries.delete(key);
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { version, body, until, bornAt: performance.now() });
  }
}
