import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher, type FormData, fetch } from 'undici';
import { assertPublicLiteralHost, publicOnlyLookup } from './address-guard.js';
import { BlockedAddressError, HttpRequestError } from './errors.js';
import { HostLimiter } from './host-limiter.js';

interface HttpClientOptions {
  userAgent: string;
  /** Per attempt, covering connect, headers and the whole body. */
  timeoutMs: number;
  maxRetries: number;
  perHostConcurrency: number;
  /** First back-off step; each retry doubles it, with full jitter. */
  retryBaseDelayMs?: number;
  /** Refuse loopback/private/link-local targets on every request: for URLs users configure. */
  publicAddressesOnly?: boolean;
  /**
   * host[:port] entries the address guard lets through (SOURCE_HOST_ALLOWLIST): an
   * intranet programme page, or a test's local server.
   */
  allowedHosts?: string[];
}

interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: FormData | string;
  /** Statuses the caller handles itself (no throw, no retry), e.g. 404 or 304. */
  acceptStatuses?: number[];
  /**
   * Refuse loopback/private/link-local addresses for this request, on every redirect hop,
   * IP literal or name (unless allowedHosts names the host): a user-configured source.
   */
  publicAddressesOnly?: boolean;
}

interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  url: string;
}

const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 120_000;

export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly limiter: HostLimiter;
  private readonly retryBaseDelayMs: number;

  constructor(private readonly options: HttpClientOptions) {
    this.limiter = new HostLimiter(options.perHostConcurrency);
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.dispatcher = new Agent({
      connections: options.perHostConcurrency,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: options.publicAddressesOnly ? { lookup: publicOnlyLookup } : {},
    });
  }

  async request(url: string, request: HttpRequest = {}): Promise<HttpResponse> {
    const target = new URL(url);
    if (this.options.publicAddressesOnly) assertPublicLiteralHost(target);
    let attempt = 0;
    for (;;) {
      try {
        return await this.limiter.run(target.host, () => this.attempt(target, request));
      } catch (error) {
        const retryable = error instanceof HttpRequestError && error.retryable;
        if (!retryable || attempt >= this.options.maxRetries) throw error;
        attempt += 1;
        await sleep(this.backoffDelay(attempt, error.retryAfterMs));
      }
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private async attempt(target: URL, request: HttpRequest): Promise<HttpResponse> {
    const url = target.toString();
    let response: Awaited<ReturnType<typeof fetch>>;
    let body: string;
    try {
      response = await fetch(url, {
        method: request.method ?? 'GET',
        headers: { 'user-agent': this.options.userAgent, ...request.headers },
        body: request.body ?? null,
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      throw transportError(url, error, this.options.timeoutMs);
    }
    const accepted = request.acceptStatuses?.includes(response.status) ?? false;
    if (response.ok || accepted) {
      return { status: response.status, headers: response.headers as Headers, body, url };
    }
    const retryable = RETRYABLE_STATUSES.has(response.status);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new HttpRequestError(
      `${request.method ?? 'GET'} ${url} answered HTTP ${response.status}`,
      url,
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

function transportError(url: string, error: unknown, timeoutMs: number): Error {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof BlockedAddressError) return cause;
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
