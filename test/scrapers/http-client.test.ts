import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../scrapers/html.js';
import { isPublicAddress } from '../../scrapers/http/address-guard.js';
import { HttpClient } from '../../scrapers/http/client.js';
import { BlockedAddressError, HttpRequestError } from '../../scrapers/http/errors.js';

/** A local server answering from a script of statuses, recording what it was sent. */
describe('the scrapers HTTP client', () => {
  let server: Server;
  let origin: string;
  let script: Array<{ status: number; headers?: Record<string, string> }> = [];
  const seen: Array<{ userAgent: string | undefined; at: number }> = [];
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ userAgent: request.headers['user-agent'], at: Date.now() });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const next = script.shift() ?? { status: 200 };
      setTimeout(() => {
        inFlight -= 1;
        response.writeHead(next.status, next.headers);
        response.end(JSON.stringify({ status: next.status }));
      }, 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    script = [];
    seen.length = 0;
    maxInFlight = 0;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = (overrides: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
    new HttpClient({
      userAgent: 'callradar-test/1',
      timeoutMs: 2000,
      maxRetries: 2,
      perHostConcurrency: 2,
      retryBaseDelayMs: 5,
      ...overrides,
    });

  it('retries 5xx with back-off, then succeeds, sending its user agent', async () => {
    script = [{ status: 503 }, { status: 502 }, { status: 200 }];
    const http = client();
    const response = await http.request(`${origin}/x`);
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(seen.every((request) => request.userAgent === 'callradar-test/1')).toBe(true);
    await http.close();
  });

  it('gives up after its retries with an error naming the status', async () => {
    script = [{ status: 500 }, { status: 500 }, { status: 500 }];
    const http = client();
    await expect(http.request(`${origin}/x`)).rejects.toMatchObject({
      status: 500,
      retryable: true,
    });
    expect(seen).toHaveLength(3);
    await http.close();
  });

  it('does not retry a 404, and lets the caller accept it', async () => {
    script = [{ status: 404 }];
    const http = client();
    await expect(http.request(`${origin}/x`)).rejects.toBeInstanceOf(HttpRequestError);
    expect(seen).toHaveLength(1);
    script = [{ status: 404 }];
    expect((await http.request(`${origin}/x`, { acceptStatuses: [404] })).status).toBe(404);
    await http.close();
  });

  it('waits as long as Retry-After says', async () => {
    script = [{ status: 429, headers: { 'retry-after': '1' } }, { status: 200 }];
    const http = client();
    await http.request(`${origin}/x`);
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    await http.close();
  });

  it('keeps at most the configured number of requests in flight per host', async () => {
    const http = client({ perHostConcurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, () => http.request(`${origin}/x`)));
    expect(seen).toHaveLength(8);
    expect(maxInFlight).toBe(2);
    await http.close();
  });

  it('refuses loopback and private targets when guarding user-configured URLs', async () => {
    const http = client({ publicAddressesOnly: true });
    await expect(http.request(`${origin}/x`)).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(http.request('http://localhost:9/x')).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(http.request('http://[::ffff:169.254.169.254]/latest')).rejects.toBeInstanceOf(
      BlockedAddressError,
    );
    expect(seen).toHaveLength(0);
    for (const address of [
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    expect(isPublicAddress('147.67.34.30')).toBe(true);
    await http.close();
  });
});

describe('scraped HTML sanitising', () => {
  it('drops scripts, handlers, styles and unsafe links but keeps structure', () => {
    const dirty =
      '<p class="x" onclick="steal()">Hello <a href="javascript:alert(1)">bad</a> <a href="https://ec.europa.eu">good</a></p><script>alert(1)</script><img src=x onerror=alert(1)><style>p{}</style><ul><li>one</li></ul>';
    expect(sanitizeHtml(dirty)).toBe(
      '<p>Hello <a rel="noopener noreferrer nofollow" target="_blank">bad</a> <a href="https://ec.europa.eu" rel="noopener noreferrer nofollow" target="_blank">good</a></p><ul><li>one</li></ul>',
    );
  });
});
