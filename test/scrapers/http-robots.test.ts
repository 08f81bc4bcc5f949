import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../scrapers/http/client.js';
import { BlockedAddressError, RobotsDisallowedError } from '../../scrapers/http/errors.js';
import { PollFetcher } from '../../scrapers/http/page-fetcher.js';
import { RobotsCache, robotsAgentOf } from '../../scrapers/http/robots.js';
import { type PageServer, startPageServer } from '../helpers/page-server.js';
import { testHttpClient } from '../helpers/workers.js';

const html = (body: string) => ({ body, contentType: 'text/html' });
const robots = (body: string, status = 200) => ({ body, contentType: 'text/plain', status });

describe('robots.txt in the PollFetcher', () => {
  let server: PageServer;
  let http: HttpClient;
  const paths = () => server.requests.map((request) => request.path);
  const openFetcher = (client = http) =>
    new PollFetcher(client, new Map(), { publicAddressesOnly: false });

  beforeEach(async () => {
    server = await startPageServer({
      '/calls': html('<ul><li>Call one</li></ul>'),
      '/private/drafts': html('<p>draft</p>'),
      '/feeds/all.xml': { body: '<rss/>', contentType: 'application/rss+xml' },
    });
    http = testHttpClient();
  });

  afterEach(async () => {
    await http.close();
    await server.close();
  });

  it('refuses a path robots.txt disallows for our agent, without fetching it', async () => {
    server.set('/robots.txt', robots('User-agent: *\nDisallow: /private/\n'));
    const fetcher = openFetcher();
    const error = await fetcher
      .get(server.url('/private/drafts'))
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RobotsDisallowedError);
    expect((error as Error).message).toBe(
      `robots.txt of ${server.host} disallows /private/drafts for callradar-test`,
    );
    expect((await fetcher.get(server.url('/calls'))).notModified).toBe(false);
    expect(paths()).toEqual(['/robots.txt', '/calls']);
  });

  it('reads the group for our product token before the * group', async () => {
    server.set(
      '/robots.txt',
      robots('User-agent: *\nDisallow: /\n\nUser-agent: callradar-test\nDisallow: /feeds/\n'),
    );
    const fetcher = openFetcher();
    await fetcher.get(server.url('/calls'));
    await expect(fetcher.get(server.url('/feeds/all.xml'))).rejects.toThrow(
      `robots.txt of ${server.host} disallows /feeds/all.xml for callradar-test`,
    );
    await expect(fetcher.post(server.url('/feeds/all.xml'), 'q=1')).rejects.toBeInstanceOf(
      RobotsDisallowedError,
    );
    expect(paths()).toEqual(['/robots.txt', '/calls']);
    expect(robotsAgentOf('callradar/0.1 (+https://github.com/callradar/callradar)')).toBe(
      'callradar',
    );
  });

  it('allows everything when robots.txt is missing (404) or gone (410), with no warning', async () => {
    const fetcher = openFetcher();
    await fetcher.get(server.url('/private/drafts'));
    expect(paths()).toEqual(['/robots.txt', '/private/drafts']);
    expect(fetcher.warnings()).toEqual([]);

    const other = await startPageServer({
      '/robots.txt': robots('gone', 410),
      '/calls': html('<ul></ul>'),
    });
    const otherFetcher = openFetcher();
    await otherFetcher.get(other.url('/calls'));
    expect(other.requests.map((request) => request.path)).toEqual(['/robots.txt', '/calls']);
    expect(otherFetcher.warnings()).toEqual([]);
    await other.close();
  });

  it('fetches on a robots.txt that fails (5xx) and says so in its warnings', async () => {
    server.set('/robots.txt', robots('down for maintenance', 503));
    const fetcher = openFetcher();
    await fetcher.get(server.url('/private/drafts'));
    await fetcher.get(server.url('/calls'));
    // The client retried robots.txt like any 503 (2 retries in tests), then went on.
    expect(paths()).toEqual([
      '/robots.txt',
      '/robots.txt',
      '/robots.txt',
      '/private/drafts',
      '/calls',
    ]);
    expect(fetcher.warnings()).toEqual([
      `robots.txt of ${server.host} could not be read (GET ${server.url('/robots.txt')} answered HTTP 503); fetched as if it allowed everything`,
    ]);
    // Rules that could not be read are not kept: the next poll asks again.
    server.set('/robots.txt', robots('User-agent: *\nDisallow: /private/\n'));
    await expect(openFetcher().get(server.url('/private/drafts'))).rejects.toBeInstanceOf(
      RobotsDisallowedError,
    );
  });

  it('asks once per host per client, whatever the number of fetchers', async () => {
    server.set('/robots.txt', robots('User-agent: *\nDisallow: /private/\n'));
    const first = openFetcher();
    const second = openFetcher();
    await Promise.all([first.get(server.url('/calls')), second.get(server.url('/calls'))]);
    await openFetcher().get(server.url('/calls'));
    expect(paths().filter((path) => path === '/robots.txt')).toHaveLength(1);

    const anotherClient = testHttpClient();
    await openFetcher(anotherClient).get(server.url('/calls'));
    await anotherClient.close();
    expect(paths().filter((path) => path === '/robots.txt')).toHaveLength(2);
  });

  it('fetches robots.txt through the same SSRF guard as the pages', async () => {
    server.set('/robots.txt', robots('User-agent: *\nAllow: /\n'));
    const guarded = new PollFetcher(http, new Map(), { publicAddressesOnly: true });
    await expect(guarded.get(server.url('/calls'))).rejects.toBeInstanceOf(BlockedAddressError);
    expect(paths()).toEqual([]);

    const allowing = testHttpClient({ allowedHosts: [server.host] });
    const allowed = new PollFetcher(allowing, new Map(), { publicAddressesOnly: true });
    await allowed.get(server.url('/calls'));
    await allowing.close();
    expect(paths()).toEqual(['/robots.txt', '/calls']);
  });
});

describe('RobotsCache', () => {
  it('keeps rules an hour, then asks again', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    const cache = new RobotsCache(3_600_000, () => now);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return { allows: () => true, crawlDelayMs: null, unreadable: null };
    };
    await cache.rulesFor('https://interreg.eu', load);
    now += 3_599_000;
    await cache.rulesFor('https://interreg.eu', load);
    expect(loads).toBe(1);
    now += 2_000;
    await cache.rulesFor('https://interreg.eu', load);
    expect(loads).toBe(2);
  });
});
