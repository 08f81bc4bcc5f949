import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashSecret } from '../auth/secrets.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const WINDOW_MS = 60_000;
/** Clients tracked at once (the limiter's LRU), and key hashes remembered as valid. */
const TRACKED = 20_000;
/**
 * Probes must never be turned away (a 429 on /ready takes the instance out of rotation);
 * /health touches nothing and /ready one `select 1`.
 */
const UNLIMITED_ROUTES = new Set(['/health', '/ready']);

/** A bounded set, oldest first out: which key hashes proved valid recently. */
class RecentKeys {
  private readonly hashes = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(hash: string): boolean {
    return this.hashes.has(hash);
  }
  add(hash: string): void {
    if (this.hashes.has(hash)) return;
    if (this.hashes.size >= this.capacity) {
      const oldest = this.hashes.values().next().value;
      if (oldest !== undefined) this.hashes.delete(oldest);
    }
    this.hashes.add(hash);
  }
  delete(hash: string): void {
    this.hashes.delete(hash);
  }
}

function tokenHashOf(request: FastifyRequest): string | null {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  return token ? hashSecret(token) : null;
}

function tooManyRequests(max: number, after: string): Error {
  return Object.assign(
    new Error(`Rate limit exceeded: ${max} requests a minute; retry in ${after}`),
    {
      statusCode: 429,
    },
  );
}

/**
 * Requests per minute per API key (counted by the key's hash: no secret is kept), per client
 * address without one (@fastify/rate-limit, in memory: the limit holds per API process).
 * Both checks are app-wide onRequest hooks registered before the access plugin's, so a
 * refused request never reaches the database:
 * - the allowance of the key or address;
 * - for a key not yet seen to be valid, the address's failed authentications (401s) in the
 *   window: made-up keys would each get a fresh allowance, so once an address has failed
 *   that many times its unknown keys are refused without a lookup. Keys that proved valid
 *   keep working from that address.
 */
export const rateLimiting = fp<{ perMinute: number }>(
  async (app: FastifyInstance, { perMinute }) => {
    const validKeys = new RecentKeys(TRACKED);
    await app.register(rateLimit, {
      // Not per route: one allowance per client across the API.
      global: false,
      max: perMinute,
      timeWindow: WINDOW_MS,
      cache: TRACKED,
      keyGenerator: (request) => {
        const hash = tokenHashOf(request);
        return hash ? `key:${hash}` : `address:${request.ip}`;
      },
      allowList: (request) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
      errorResponseBuilder: (_request, context) => tooManyRequests(context.max, context.after),
    });
    const failedAuthentications = app.createRateLimit({
      keyGenerator: (request) => `failures:${request.ip}`,
    });

    app.addHook('onRequest', app.rateLimit());
    app.addHook('onRequest', async (request, reply) => {
      const hash = tokenHashOf(request);
      if (!hash || validKeys.has(hash)) return;
      const failures = await failedAuthentications(request, { increment: false });
      if (failures.isAllowed || (failures.remaining ?? 0) > 0) return;
      reply.header('retry-after', String(failures.ttlInSeconds));
      throw tooManyRequests(perMinute, `${failures.ttlInSeconds} seconds`);
    });
    app.addHook('onResponse', async (request, reply) => {
      const hash = tokenHashOf(request);
      if (!hash) return;
      if (reply.statusCode === 401) {
        validKeys.delete(hash);
        await failedAuthentications(request);
      } else if (request.principal !== null) {
        validKeys.add(hash);
      }
    });
  },
  { name: 'callradar-rate-limit' },
);
