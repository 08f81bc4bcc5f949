import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../scrapers/http/client.js';
import { PollFetcher } from '../../scrapers/http/page-fetcher.js';
import { testHttpClient } from '../helpers/workers.js';

/**
 * A server in its own process that notes when each request arrives: the gaps politeness
 * promises are measured where they matter, at the server, and a busy test process cannot
 * delay the noting. It serves the robots.txt last POSTed to /__robots, or 404; /__arrivals
 * lists the arrivals, /__reset forgets them and the robots.txt.
 */
const STOPWATCH_SERVER = `
const http = require('node:http');
let robots = null;
let arrivals = [];
const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const path = request.url;
    if (path === '/__arrivals') return response.end(JSON.stringify(arrivals));
    if (path === '/__reset') {
      arrivals = [];
      robots = null;
      return response.end();
    }
    if (path === '/__robots') {
      robots = Buffer.concat(chunks).toString();
      return response.end();
    }
    arrivals.push({ path, at: performance.timeOrigin + performance.now() });
    if (path === '/robots.txt' && robots === null) return response.writeHead(404).end();
    response.end(path === '/robots.txt' ? robots : '<p>' + path + '</p>');
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/**
 * A request reaches the server a moment after the limiter lets it start, and on a busy
 * machine (two test files on two cores) that moment varies by up to a few tens of
 * milliseconds when the test process is descheduled in between: a gap may fall short of the
 * interval by that much. Unlimited, these requests would arrive within a millisecond or two.
 */
const ARRIVAL_SLACK_MS = 30;

describe('per-host politeness', () => {
  let server: ChildProcess;
  let origin: string;
  const clients: HttpClient[] = [];
  const control = testHttpClient();

  /**
   * A client whose connection is open already: a request on a new connection arrives later
   * by the time connecting takes, which would shorten the gap after it by as much.
   */
  const warmClient = async (options: Parameters<typeof testHttpClient>[0] = {}) => {
    const http = testHttpClient(options);
    clients.push(http);
    await http.request(`${origin}/warm-up`);
    return http;
  };

  const gapsBetween = async (paths: string[]) => {
    const arrivals = JSON.parse((await control.request(`${origin}/__arrivals`)).body) as Array<{
      path: string;
      at: number;
    }>;
    const times = arrivals.filter((entry) => paths.includes(entry.path)).map((entry) => entry.at);
    expect(times).toHaveLength(paths.length);
    return times.slice(1).map((at, index) => at - (times[index] as number));
  };

  beforeAll(async () => {
    server = spawn(process.execPath, ['-e', STOPWATCH_SERVER], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [port] = (await once(server.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
    origin = `http://127.0.0.1:${port.toString().trim()}`;
  });

  beforeEach(async () => {
    await control.request(`${origin}/__reset`);
  });

  afterAll(async () => {
    await Promise.all([...clients, control].map((http) => http.close()));
    server.kill();
  });

  it('starts requests to one host at least minIntervalMs apart, even when sent at once', async () => {
    const minIntervalMs = 300;
    const http = await warmClient({ minIntervalMs, perHostConcurrency: 4 });
    const paths = ['/a', '/b', '/c', '/d'];
    await Promise.all(paths.map((path) => http.request(`${origin}${path}`)));
    const gaps = await gapsBetween(paths);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(minIntervalMs - ARRIVAL_SLACK_MS);
  });

  it('raises the interval for one request when the caller asks (a Crawl-delay)', async () => {
    const http = await warmClient({ minIntervalMs: 0 });
    await http.request(`${origin}/first`);
    await http.request(`${origin}/second`, { minIntervalMs: 300 });
    const [gap] = await gapsBetween(['/first', '/second']);
    expect(gap).toBeGreaterThanOrEqual(300 - ARRIVAL_SLACK_MS);
  });

  it('keeps the Crawl-delay of robots.txt between the fetcher’s requests to the host', async () => {
    await control.request(`${origin}/__robots`, {
      method: 'POST',
      body: 'User-agent: *\nCrawl-delay: 0.3\nDisallow: /private/\n',
    });
    const fetcher = new PollFetcher(await warmClient(), new Map(), { publicAddressesOnly: false });
    await fetcher.get(`${origin}/calls`);
    await fetcher.get(`${origin}/calls?page=2`);
    await fetcher.post(`${origin}/search`, 'q=interreg');
    // The robots.txt request counts as one of the host's requests, so the first page waits too.
    const gaps = await gapsBetween(['/robots.txt', '/calls', '/calls?page=2', '/search']);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(300 - ARRIVAL_SLACK_MS);
    expect(fetcher.warnings()).toEqual([]);
  });
});
