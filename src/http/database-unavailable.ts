/**
 * Whether an error means "the database cannot be reached right now" (so the answer is a 503
 * the client may retry) rather than a bug (a 500). Recognised by what the drivers raise, not
 * by route: drizzle wraps the driver's error as `cause` (DrizzleQueryError), so the chain is
 * walked.
 */

/** Socket errors on the way to the server (node-postgres passes them through with `code`). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs of a server that is there but cannot serve us
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html): class 08 connection
 * exceptions, too many connections, and a server shutting down or starting up.
 */
const SQLSTATE_CLASS_CONNECTION = '08';
const UNAVAILABLE_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03']);

/**
 * Errors node-postgres, pg-pool and PGlite raise without a code (their exact messages, from
 * their sources): a connection cut mid-query, a pool's and a client's connect timeout, a
 * client the pool had to give up on, a query timeout, a closed embedded database.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^timeout expired$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Query read timeout$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^PGlite is closed$/,
];

const MAX_CAUSE_DEPTH = 5;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > MAX_CAUSE_DEPTH) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (code.length === 5 && code.startsWith(SQLSTATE_CLASS_CONNECTION)) return true;
  }
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  // Node reports a refused connection to every address of a name (::1, 127.0.0.1) at once.
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))
  ) {
    return true;
  }
  return isDatabaseUnavailable(error.cause, depth + 1);
}
