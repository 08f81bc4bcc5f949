/**
 * The application's one notion of "now". Everything that depends on the time (a call's
 * status, days left, what closes soon, when a run started) asks this clock, never
 * `new Date()` or SQL `now()` on its own, so a test or a replay can set the time and a
 * process derives everything as of the same instant.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
