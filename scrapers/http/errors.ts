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

/**
 * The URL, or a redirect on the way, points at a loopback, private, link-local or otherwise
 * internal address that the allow-list does not name.
 */
export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    /** The URL whose redirect led here, when it was not the first request. */
    readonly redirectedFrom?: string,
  ) {
    const target = redirectedFrom
      ? `follow the redirect from ${redirectedFrom} to ${host}`
      : `connect to ${host}`;
    super(
      `refusing to ${target}: ${address} is not a public address (loopback, private, ` +
        'link-local or reserved); SOURCE_HOST_ALLOWLIST can name a host that must be reached',
    );
    this.name = 'BlockedAddressError';
  }
}

/** The site's robots.txt asks crawlers like ours not to fetch this path. */
export class RobotsDisallowedError extends Error {
  constructor(
    readonly url: string,
    /** The product token the rules were read for: our user agent up to its first '/'. */
    readonly agent: string,
  ) {
    const { host, pathname, search } = new URL(url);
    super(`robots.txt of ${host} disallows ${pathname}${search} for ${agent}`);
    this.name = 'RobotsDisallowedError';
  }
}
