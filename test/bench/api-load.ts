/**
 * Drives one route of a running server at a fixed rate with autocannon's programmatic API
 * (https://github.com/mcollina/autocannon#api): a short warm-up, then the measured run.
 *
 * autocannon's rate is an allowance per connection and second that the connection spends at
 * once (httpClient.js resets `reqsMadeThisSecond` on a 1 s interval), so one instance at
 * overallRate 1,000 sends all 1,000 requests in a burst at the top of each second: even
 * /health then shows a p99 above 100 ms, the burst's queue rather than the server. So the
 * load is paced: LANES instances of one keep-alive connection each, at rate/LANES requests a
 * second, started evenly through the first second; a connection sends its next request when
 * the last one is answered. One connection per request and second (1,000 sockets) was
 * tried and measures the client instead: against a plain node:http server on this machine
 * it showed p99 89 ms, these 100 connections 1.6 ms. Its coordinated-omission correction
 * is off: it assumes a 1 ms interval whatever the rate (`Math.ceil(1 / rate)` in run.js)
 * and would add phantom samples to every response slower than 1 ms; a server that falls
 * behind shows in the achieved rate instead.
 */
import { spawn } from 'node:child_process';
import { text } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const LANES = 100;
/** What every browser and feed reader sends; the answers' sizes are those on the wire. */
const CLIENT_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };

export interface BenchRequest {
  path: string;
  headers?: Record<string, string>;
}

export interface BenchRoute {
  /** The key in the --json report (`bare` is the baseline). */
  name: string;
  /** What a reader of the table should know about it. */
  label: string;
  /** Sent in turn, round and round: many tenants, departments and filters, not one URL. */
  requests: BenchRequest[];
}

export interface RouteFigures {
  p50: number;
  p975: number;
  p99: number;
  /** Achieved requests per second over the measured run. */
  rps: number;
  /** Non-2xx responses plus socket errors (timeouts among them). */
  errors: number;
  requests: number;
  /** Mean response size (headers and body), bytes. */
  bytes: number;
  /** Mean latency of each distinct request's first answer (before the load), ms. */
  coldMs: number;
}

export interface LoadOptions {
  rate: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** measureRoute in a child process of its own (api-load-process.ts says why). */
export async function measureRouteApart(
  baseUrl: string,
  route: BenchRoute,
  options: LoadOptions,
): Promise<RouteFigures> {
  const script = fileURLToPath(new URL('./api-load-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify({ baseUrl, route, options }));
  const [output, code] = await Promise.all([
    text(child.stdout),
    new Promise<number | null>((resolve) => child.on('close', resolve)),
  ]);
  if (code !== 0) throw new Error(`the bench client exited with ${code}`);
  return JSON.parse(output) as RouteFigures;
}

export async function measureRoute(
  baseUrl: string,
  route: BenchRoute,
  options: LoadOptions,
): Promise<RouteFigures> {
  const primed = await prime(baseUrl, route);
  if (options.warmupSeconds > 0) await run(baseUrl, route, options.rate, options.warmupSeconds);
  const measured = await run(baseUrl, route, options.rate, options.durationSeconds);
  const latencies = measured.latencies.sort((a, b) => a - b);
  const at = (share: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? 0);
  return {
    p50: at(0.5),
    p975: at(0.975),
    p99: at(0.99),
    rps: Math.round(latencies.length / options.durationSeconds),
    errors: measured.errors,
    requests: latencies.length,
    bytes: latencies.length > 0 ? Math.round(measured.bytes / latencies.length) : 0,
    coldMs: primed.meanMs,
  };
}

/** Requests at once while priming: a few intranet pages opening together. */
const PRIMING_CONCURRENCY = 4;

/**
 * Sends every distinct request of the route once, a few at a time, before any load: the
 * figures are those of a server that has answered each request before (its caches warm,
 * its statements prepared), not of its first minute after a deploy, whose cost shows
 * apart as the mean latency of these first answers.
 */
async function prime(baseUrl: string, route: BenchRoute): Promise<{ meanMs: number }> {
  const distinct = [
    ...new Map(route.requests.map((request) => [JSON.stringify(request), request])).values(),
  ];
  let next = 0;
  let total = 0;
  await Promise.all(
    Array.from({ length: PRIMING_CONCURRENCY }, async () => {
      while (next < distinct.length) {
        const request = distinct[next++] as BenchRequest;
        const started = performance.now();
        const response = await fetch(`${baseUrl}${request.path}`, {
          headers: { ...CLIENT_HEADERS, ...request.headers },
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${request.path} answered ${response.status}`);
        total += performance.now() - started;
      }
    }),
  );
  return { meanMs: round(total / distinct.length) };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Every response's latency (ms), the error count and the bytes received, over all lanes. */
async function run(baseUrl: string, route: BenchRoute, rate: number, seconds: number) {
  const lanes = Math.min(LANES, rate);
  const latencies: number[] = [];
  let bytes = 0;
  let errors = 0;
  let sent = 0;
  const setupRequest = (request: autocannon.Request) => {
    const next = route.requests[sent % route.requests.length] as BenchRequest;
    sent += 1;
    return {
      ...request,
      path: next.path,
      headers: { ...request.headers, ...CLIENT_HEADERS, ...next.headers },
    };
  };
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      await sleep((lane * 1000) / lanes);
      // The lanes' rates add up to the whole: some take one request a second more.
      const laneRate = Math.floor(rate / lanes) + (lane < rate % lanes ? 1 : 0);
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: baseUrl,
            connections: 1,
            overallRate: laneRate,
            ignoreCoordinatedOmission: true,
            duration: seconds,
            timeout: 10,
            requests: [{ setupRequest }],
          },
          (error, done) => (error ? reject(error) : resolve(done)),
        );
        instance.on('response', (_client, statusCode, responseBytes, responseTime) => {
          if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
          bytes += responseBytes;
        });
      });
      errors += result.non2xx + result.errors;
    }),
  );
  return { latencies, errors, bytes };
}
