import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashSecret } from '../auth/secrets.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const WINDOW_MS = 60_000;
/** Keys and addresses tracked at once (the limiter's LRU) and keys remembered as valid. */
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

/**
 * Requests per minute per API key, per client address without one (@fastify/rate-limit,
 * in-memory: the limit holds per API process). The check runs as an app-wide onRequest hook
 * registered before the access plugin's, so a refused request never reaches the database.
 * A key counts on its own (by its hash: no secret is kept) only once it has proved valid; an
 * unknown one counts against the caller's address, or a flood of made-up keys would each get
 * a fresh allowance and a database lookup.
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
        return hash && validKeys.has(hash) ? `key:${hash}` : `address:${request.ip}`;
      },
      allowList: (request) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
      errorResponseBuilder: (_request, context) =>
        Object.assign(
          new Error(
            `Rate limit exceeded: ${context.max} requests a minute; retry in ${context.after}`,
          ),
          { statusCode: context.statusCode },
        ),
    });
    app.addHook('onRequest', app.rateLimit());
    app.addHook('onResponse', async (request, reply) => {
      if (request.principal === null && reply.statusCode !== 401) return;
      const hash = tokenHashOf(request);
      if (!hash) return;
      if (reply.statusCode === 401) validKeys.delete(hash);
      else validKeys.add(hash);
    });
  },
  { name: 'callradar-rate-limit' },
);
