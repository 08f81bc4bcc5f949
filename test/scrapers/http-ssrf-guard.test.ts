import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  HostAllowList,
  isPublicAddress,
  publicOnlyLookup,
} from '../../scrapers/http/address-guard.js';
import { type HttpClient, MAX_REDIRECTS } from '../../scrapers/http/client.js';
import { BlockedAddressError, HttpRequestError } from '../../scrapers/http/errors.js';
import { type PageServer, startPageServer } from '../helpers/page-server.js';
import { testHttpClient } from '../helpers/workers.js';

/**
 * The SSRF guard on real local servers: a source's own server on 127.0.0.1 (allow-listed, as a
 * test's server must be) that redirects to internal addresses, and an "internal" server on the
 * IPv6 loopback that records whether anything reached it.
 */
describe('the SSRF guard', () => {
  let source: PageServer;
  let internal: Server;
  let internalOrigin: string;
  const internalHits: string[] = [];
  const clients: HttpClient[] = [];

  const client = (options: Parameters<typeof testHttpClient>[0] = {}) => {
    const http = testHttpClient({ maxRetries: 0, ...options });
    clients.push(http);
    return http;
  };

  beforeAll(async () => {
    internal = createServer((request, response) => {
      internalHits.push(request.url ?? '/');
      response.writeHead(200, { 'content-type': 'text/plain' }).end('internal secret');
    });
    await new Promise<void>((resolve) => internal.listen(0, '::1', resolve));
    internalOrigin = `http://[::1]:${(internal.address() as AddressInfo).port}`;
    source = await startPageServer({
      '/calls': { body: '<ul></ul>', contentType: 'text/html' },
      '/to-metadata': {
        body: '',
        contentType: 'text/plain',
        redirectTo: 'http://169.254.169.254/latest/meta-data/',
      },
      '/to-private': { body: '', contentType: 'text/plain', redirectTo: 'http://10.0.0.1/admin' },
      '/to-ipv6-loopback': {
        body: '',
        contentType: 'text/plain',
        redirectTo: `${internalOrigin}/secret`,
      },
      '/relative': { body: '', contentType: 'text/plain', redirectTo: 'calls', status: 301 },
      '/loop': { body: '', contentType: 'text/plain', redirectTo: '/loop' },
    });
    for (let hop = 1; hop <= MAX_REDIRECTS; hop += 1) {
      source.set(`/chain/${hop}`, {
        body: '',
        contentType: 'text/plain',
        redirectTo: `/chain/${hop - 1}`,
      });
    }
    source.set('/chain/0', { body: 'end of chain', contentType: 'text/plain' });
  });

  beforeEach(() => {
    source.requests.length = 0;
    internalHits.length = 0;
  });

  afterAll(async () => {
    await Promise.all(clients.map((http) => http.close()));
    await source.close();
    await new Promise<void>((resolve) => internal.close(() => resolve()));
  });

  it.each([
    ['/to-metadata', '169.254.169.254', '169.254.169.254'],
    ['/to-private', '10.0.0.1', '10.0.0.1'],
    ['/to-ipv6-loopback', '[::1]:', '::1'],
  ])('refuses a redirect from an allowed server (%s) to %s', async (path, host, address) => {
    const http = client({ allowedHosts: [source.host] });
    const error = await http
      .request(source.url(path), { publicAddressesOnly: true })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as BlockedAddressError).address).toBe(address);
    expect((error as Error).message).toContain(
      `refusing to follow the redirect from ${source.url(path)} to ${host}`,
    );
    expect((error as Error).message).toContain(`${address} is not a public address`);
    expect(source.requests.map((request) => request.path)).toEqual([path]);
    expect(internalHits).toEqual([]);
  });

  it('follows the same redirect when the request is not guarded (the portal’s own URL)', async () => {
    const http = client();
    const response = await http.request(source.url('/to-ipv6-loopback'));
    expect(response.body).toBe('internal secret');
    expect(response.url).toBe(`${internalOrigin}/secret`);
    expect(internalHits).toEqual(['/secret']);
  });

  it('guards every request of a client built with publicAddressesOnly', async () => {
    const http = client({ publicAddressesOnly: true, allowedHosts: [source.host] });
    await expect(http.request(source.url('/to-ipv6-loopback'))).rejects.toBeInstanceOf(
      BlockedAddressError,
    );
    // A request cannot opt out of the client's guard.
    await expect(
      http.request(source.url('/to-ipv6-loopback'), { publicAddressesOnly: false }),
    ).rejects.toBeInstanceOf(BlockedAddressError);
    expect(internalHits).toEqual([]);
  });

  it('refuses a local server the allow-list does not name, before connecting', async () => {
    const http = client({ allowedHosts: ['127.0.0.1:1', 'intranet.example'] });
    const error = await http
      .request(source.url('/calls'), { publicAddressesOnly: true })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as Error).message).toBe(
      `refusing to connect to ${source.host}: 127.0.0.1 is not a public address (loopback, ` +
        'private, link-local or reserved); SOURCE_HOST_ALLOWLIST can name a host that must be reached',
    );
    expect(source.requests).toEqual([]);
  });

  it.each([
    ['host and port', () => source.host],
    ['host alone, every port', () => '127.0.0.1'],
  ])('lets an allow-listed local server through (%s)', async (_, entry) => {
    const http = client({ allowedHosts: [entry()] });
    const response = await http.request(source.url('/calls'), { publicAddressesOnly: true });
    expect(response.status).toBe(200);
    expect(source.requests.map((request) => request.path)).toEqual(['/calls']);
  });

  it('refuses a name for loopback ("localhost") without reaching the server', async () => {
    const http = client();
    const port = new URL(source.origin).port;
    await expect(
      http.request(`http://localhost:${port}/calls`, { publicAddressesOnly: true }),
    ).rejects.toBeInstanceOf(BlockedAddressError);
    expect(source.requests).toEqual([]);
  });

  it('checks names where the socket resolves them, so DNS rebinding meets the same check', async () => {
    // The guarded dispatcher's lookup, wired into undici as the client wires it: the name is
    // resolved (to 127.0.0.1 here) and refused at connect time, not from the URL's spelling.
    const guarded = new Agent({ connect: { lookup: publicOnlyLookup } });
    const port = new URL(source.origin).port;
    const error = await fetch(`http://localhost:${port}/calls`, { dispatcher: guarded }).catch(
      (thrown: unknown) => thrown,
    );
    await guarded.close();
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(BlockedAddressError);
    expect((cause as BlockedAddressError).host).toBe('localhost');
    expect((cause as BlockedAddressError).address).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(source.requests).toEqual([]);
  });

  it('resolves a relative Location and reports the final URL', async () => {
    const http = client({ allowedHosts: [source.host] });
    const response = await http.request(source.url('/relative'), { publicAddressesOnly: true });
    expect(response.url).toBe(source.url('/calls'));
    expect(source.requests.map((request) => request.path)).toEqual(['/relative', '/calls']);
  });

  it(`follows ${MAX_REDIRECTS} redirects, and fails clearly on more`, async () => {
    const http = client({ allowedHosts: [source.host] });
    const chain = await http.request(source.url(`/chain/${MAX_REDIRECTS}`), {
      publicAddressesOnly: true,
    });
    expect(chain.body).toBe('end of chain');
    source.requests.length = 0;
    const error = await http
      .request(source.url('/loop'), { publicAddressesOnly: true })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).retryable).toBe(false);
    expect((error as Error).message).toBe(
      `${source.url('/loop')} was redirected more than ${MAX_REDIRECTS} times (the last to /loop): a loop or a trap`,
    );
    expect(source.requests).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('turns a POST answered 303 into a GET without body, as fetch does', async () => {
    source.set('/search', {
      body: '',
      contentType: 'text/plain',
      redirectTo: '/calls',
      status: 303,
    });
    const http = client({ allowedHosts: [source.host] });
    await http.request(source.url('/search'), {
      method: 'POST',
      body: '{"q":"interreg"}',
      headers: { 'content-type': 'application/json' },
      publicAddressesOnly: true,
    });
    const [post, get] = source.requests;
    expect(post).toMatchObject({ method: 'POST', path: '/search', body: '{"q":"interreg"}' });
    expect(get).toMatchObject({ method: 'GET', path: '/calls', body: '' });
    expect(get?.headers['content-type']).toBeUndefined();
  });
});

describe('public addresses', () => {
  it('judges IPv6 forms that carry an IPv4 address (mapped, NAT64, compatible) by that address', () => {
    for (const address of [
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::10.0.0.1',
      '::7f00:1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['::ffff:8.8.8.8', '64:ff9b::808:808', '2001:4860:4860::8888']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });
});

describe('the host allow-list', () => {
  it('matches host and port, a bare host on every port, default ports by scheme', () => {
    const list = new HostAllowList(['10.0.0.5:80', 'Intranet.Example', '[::1]:8443']);
    const allows = (url: string) => list.allows(new URL(url));
    expect(allows('http://10.0.0.5/calls')).toBe(true);
    expect(allows('https://10.0.0.5/calls')).toBe(false);
    expect(allows('http://intranet.example:8080/calls')).toBe(true);
    expect(allows('https://INTRANET.example/calls')).toBe(true);
    expect(allows('http://evil.intranet.example/')).toBe(false);
    expect(allows('https://[::1]:8443/')).toBe(true);
    expect(allows('http://[::1]/')).toBe(false);
  });
});
