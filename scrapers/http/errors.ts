/** The request could not get a usable answer: network, timeout, or an HTTP error status. */
export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly url: string,
    /** HTTP status when the server answered; null for network errors and timeouts. */
    readonly status: number | null,
    /** Whether trying again later could help (5xx, 429, network, timeout). */
    readonly retryable: boolean,
    options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HttpRequestError';
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The server's Retry-After, when it sent one. */
  readonly retryAfterMs: number | undefined;
}

/** The URL points at a loopback, private or otherwise internal address. */
export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`refusing to connect to ${host}: ${address} is not a public address`);
    this.name = 'BlockedAddressError';
  }
}
