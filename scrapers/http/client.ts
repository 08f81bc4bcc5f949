import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher, type FormData, fetch } from 'undici';
import { assertPublicLiteralHost, HostAllowList, publicOnlyLookup } from './address-guard.js';
import { BlockedAddressError, HttpRequestError } from './errors.js';
import { HostLimiter } from './host-limiter.js';
import { RobotsCache } from './robots.js';

export interface HttpClientOptions {
  userAgent: string;
  /** Per attempt (per redirect hop when guarded), covering connect, headers and the body. */
  timeoutMs: number;
  maxRetries: number;
  perHostConcurrency: number;
  /** Least time between the starts of two requests to one host (HTTP_PER_HOST_INTERVAL_MS). */
  minIntervalMs?: number;
  /** First back-off step; each retry doubles it, with full jitter. */
  retryBaseDelayMs?: number;
  /** Refuse loopback/private/link-local targets on every request: for URLs users configure. */
  publicAddressesOnly?: boolean;
  /**
   * host[:port] entries the address guard lets through (SOURCE_HOST_ALLOWLIST): an
   * intranet programme page, or a test's local server. A host without a port allows all.
   */
  allowedHosts?: readonly string[];
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: FormData | string;
  /** Statuses the caller handles itself (no throw, no retry), e.g. 404 or 304. */
  acceptStatuses?: number[];
  /**
   * Refuse loopback/private/link-local addresses for this request, on every redirect hop,
   * IP literal or name (unless allowedHosts names the host): a user-configured source. A
   * client built with publicAddressesOnly guards every request whatever this says.
   */
  publicAddressesOnly?: boolean;
  /** Least time since the last request start to this host, if more than the client's own. */
  minIntervalMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_RETRY_AFTER_MS = 120_000;
/** Redirects followed per request on the guarded path; more is a loop or a trap. */
export const MAX_REDIRECTS = 5;

export class HttpClient {
  /** Connects anywhere: the installation's own URLs and allow-listed hosts. */
  private readonly openDispatcher: Dispatcher;
  /** Refuses, at connect time, names that resolve to a non-public address. */
  private readonly guardedDispatcher: Dispatcher;
  private readonly allowList: HostAllowList;
  private readonly limiter: HostLimiter;
  private readonly retryBaseDelayMs: number;
  /** robots.txt per origin for the PollFetchers using this client (page-fetcher.ts). */
  readonly robots = new RobotsCache();

  constructor(private readonly options: HttpClientOptions) {
    this.limiter = new HostLimiter(options.perHostConcurrency, options.minIntervalMs ?? 0);
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.allowList = new HostAllowList(options.allowedHosts);
    const agentOptions = {
      connections: options.perHostConcurrency,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    };
    this.openDispatcher = new Agent(agentOptions);
    this.guardedDispatcher = new Agent({ ...agentOptions, connect: { lookup: publicOnlyLookup } });
  }

  get userAgent(): string {
    return this.options.userAgent;
  }

  async request(url: string, request: HttpRequest = {}): Promise<HttpResponse> {
    const target = new URL(url);
    const guarded = (this.options.publicAddressesOnly || request.publicAddressesOnly) ?? false;
    let attempt = 0;
    for (;;) {
      try {
        const response = guarded
          ? await this.followGuarded(target, request)
          : await this.hop(target, request, { dispatcher: this.openDispatcher, follow: true });
        return this.checked(response, request);
      } catch (error) {
        const retryable = error instanceof HttpRequestError && error.retryable;
        if (!retryable || attempt >= this.options.maxRetries) throw error;
        attempt += 1;
        await sleep(this.backoffDelay(attempt, error.retryAfterMs));
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.openDispatcher.close(), this.guardedDispatcher.close()]);
  }

  /**
   * Redirects followed by hand so every hop's URL is judged before it is connected to: an
   * IP literal never reaches the lookup, so undici's own following would connect to
   * http://169.254.169.254/ unchecked. Names are checked by the guarded dispatcher's lookup.
   */
  private async followGuarded(target: URL, request: HttpRequest): Promise<HttpResponse> {
    let hopUrl = target;
    let hopRequest = request;
    let previous: URL | undefined;
    for (let redirects = 0; ; redirects += 1) {
      const response = await this.hop(hopUrl, hopRequest, {
        dispatcher: this.dispatcherFor(hopUrl, previous),
        follow: false,
        redirectedFrom: previous,
      });
      const location = response.headers.get('location');
      const accepted = request.acceptStatuses?.includes(response.status) ?? false;
      if (!REDIRECT_STATUSES.has(response.status) || !location || accepted) return response;
      if (redirects === MAX_REDIRECTS) {
        throw new HttpRequestError(
          `${target} was redirected more than ${MAX_REDIRECTS} times (the last to ${location}): a loop or a trap`,
          target.toString(),
          response.status,
          false,
        );
      }
      const next = new URL(location, hopUrl);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new HttpRequestError(
          `${hopUrl} redirected to ${next.protocol} (only http: and https: are followed)`,
          target.toString(),
          response.status,
          false,
        );
      }
      hopRequest = redirectedRequest(hopRequest, response.status, hopUrl, next);
      previous = hopUrl;
      hopUrl = next;
    }
  }

  /** Throws BlockedAddressError for an internal IP literal that the allow-list does not name. */
  private dispatcherFor(url: URL, redirectedFrom: URL | undefined): Dispatcher {
    if (this.allowList.allows(url)) return this.openDispatcher;
    assertPublicLiteralHost(url, redirectedFrom?.toString());
    return this.guardedDispatcher;
  }

  /**
   * One request in the host's turn, its body read inside the turn too: to one URL, or
   * (`follow`, unguarded) through the redirects undici follows itself.
   */
  private hop(
    target: URL,
    request: HttpRequest,
    how: { dispatcher: Dispatcher; follow: boolean; redirectedFrom?: URL | undefined },
  ): Promise<HttpResponse> {
    const url = target.toString();
    return this.limiter.run(
      target.host,
      async () => {
        try {
          const response = await fetch(url, {
            method: request.method ?? 'GET',
            headers: { 'user-agent': this.options.userAgent, ...request.headers },
            body: request.body ?? null,
            dispatcher: how.dispatcher,
            redirect: how.follow ? 'follow' : 'manual',
            signal: AbortSignal.timeout(this.options.timeoutMs),
          });
          const body = await response.text();
          return {
            status: response.status,
            headers: response.headers as Headers,
            body,
            url: how.follow ? response.url || url : url,
          };
        } catch (error) {
          throw transportError(url, error, this.options.timeoutMs, how.redirectedFrom?.toString());
        }
      },
      request.minIntervalMs,
    );
  }

  private checked(response: HttpResponse, request: HttpRequest): HttpResponse {
    const accepted = request.acceptStatuses?.includes(response.status) ?? false;
    if ((response.status >= 200 && response.status < 300) || accepted) return response;
    const retryable = RETRYABLE_STATUSES.has(response.status);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new HttpRequestError(
      `${request.method ?? 'GET'} ${response.url} answered HTTP ${response.status}`,
      response.url,
      response.status,
      retryable,
      retryAfterMs === undefined ? {} : { retryAfterMs },
    );
  }

  private backoffDelay(attempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
    // Full jitter (AWS architecture blog): spreads retries of many workers apart.
    const ceiling = this.retryBaseDelayMs * 2 ** (attempt - 1);
    return Math.round(Math.random() * ceiling);
  }
}

/**
 * The request the next hop sends, as fetch would (WHATWG Fetch, "HTTP-redirect fetch"): 303,
 * and 301/302 after a POST, become a GET without body; credentials stay on their origin.
 */
function redirectedRequest(request: HttpRequest, status: number, from: URL, to: URL): HttpRequest {
  const headers = { ...request.headers };
  if (from.origin !== to.origin) {
    for (const name of Object.keys(headers)) {
      if (/^(authorization|cookie)$/i.test(name)) delete headers[name];
    }
  }
  const becomesGet =
    status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
  if (!becomesGet) return { ...request, headers };
  for (const name of Object.keys(headers)) {
    if (/^content-(type|length|encoding|language|location)$/i.test(name)) delete headers[name];
  }
  const { body: _body, ...rest } = request;
  return { ...rest, method: 'GET', headers };
}

function transportError(
  url: string,
  error: unknown,
  timeoutMs: number,
  redirectedFrom: string | undefined,
): Error {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof BlockedAddressError) {
    // The lookup knows the name, not the redirect that led to it.
    return redirectedFrom
      ? new BlockedAddressError(cause.host, cause.address, redirectedFrom)
      : cause;
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new HttpRequestError(`${url} did not answer within ${timeoutMs} ms`, url, null, true, {
      cause: error,
    });
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return new HttpRequestError(`${url} could not be reached: ${message}`, url, null, true, {
    cause: error,
  });
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
