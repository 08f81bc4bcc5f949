/**
 * Drives one route of a running server at a fixed rate with autocannon's programmatic API
 * (https://github.com/mcollina/autocannon#api): a short warm-up, then the measured run.
 *
 * autocannon's rate is an allowance per connection and second that the connection spends at
 * once (httpClient.js resets `reqsMadeThisSecond` on a 1 s interval), so one instance at
 * overallRate 1,000 sends all 1,000 requests in a burst at the top of each second: even
 * /health then shows a p99 above 100 ms, the burst's queue rather than the server. So the
 * load is paced: LANES instances, each at overallRate rate/LANES with one connection per
 * request a second, started evenly through the first second. Its coordinated-omission
 * correction is off: it assumes a 1 ms interval whatever the rate (`Math.ceil(1 / rate)`
 * in run.js) and would add phantom samples to every response slower than 1 ms; at one
 * request a second per connection, a server that falls behind shows in the achieved rate.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

const LANES = 100;

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
}

export interface LoadOptions {
  rate: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export async function measureRoute(
  baseUrl: string,
  route: BenchRoute,
  options: LoadOptions,
): Promise<RouteFigures> {
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
  };
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
    return { ...request, path: next.path, headers: { ...request.headers, ...next.headers } };
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
            connections: laneRate,
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
