import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { InvalidInput } from '../errors.js';

/**
 * PostgreSQL's text cannot hold a NUL byte: a `%00` in a path parameter or a "\u0000" in a
 * JSON string would reach a query and fail there as a 500. Every route's input is checked
 * once, before its handler, and such a request is a 400 that says why.
 */
export const nulByteGuard = fp(async (app: FastifyInstance) => {
  app.addHook('preHandler', async (request) => {
    for (const [part, value] of [
      ['path', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      if (holdsNul(value, 0)) throw new InvalidInput(`the request's ${part} contains a NUL byte`);
    }
  });
});

/** Deep enough for any body the API takes; deeper structures are refused by their schemas. */
const MAX_DEPTH = 32;

function holdsNul(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => holdsNul(item, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000') || holdsNul(item, depth + 1)) return true;
  }
  return false;
}
