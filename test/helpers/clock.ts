import type { Clock } from '../../src/clock.js';

/** A clock a test sets by hand: the product reads "now" from it and nowhere else. */
export class ManualClock implements Clock {
  private instant: Date;

  constructor(start: Date) {
    this.instant = new Date(start.getTime());
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date): void {
    this.instant = new Date(instant.getTime());
  }
}
