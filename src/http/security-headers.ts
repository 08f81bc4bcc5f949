import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The API answers JSON, Atom and iCalendar: nothing in it is meant to run or be framed, so
 * its Content-Security-Policy allows nothing. Helmet's other defaults (nosniff, HSTS,
 * frame and referrer policies, same-origin resource policy) suit an API as they are.
 */
const API_CSP = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
};

/**
 * The Swagger UI at /docs loads its scripts, styles and images from /docs/static and runs no
 * inline script (@fastify/swagger-ui's index page), so 'self' is enough. This is that
 * plugin's own `staticCSP: true` policy without `upgrade-insecure-requests`, which would
 * send the page's requests to https:// and leave the docs blank on an http:// intranet
 * installation, and without the online validator's host (the UI is told not to call it).
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' data:",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
].join('; ');

/** Browsers may send these on a cross-origin call; the rest stay unreadable to the page. */
const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'If-None-Match',
  'Accept-Language',
  'X-Tenant',
  'X-Request-Id',
];
const CORS_EXPOSED_HEADERS = [
  'ETag',
  'Retry-After',
  'X-Request-Id',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];

/**
 * Security headers on every answer, and CORS for the configured browser origins (the
 * intranet): none configured, no CORS header at all; a request from an origin not listed
 * gets none either, so the browser keeps the answer from that page. Both run as onRequest
 * hooks registered first, so a preflight is answered before any key is looked up (a browser
 * sends no Authorization on a preflight).
 */
export const securityHeaders = fp<{ corsOrigins: readonly string[] }>(
  async (app: FastifyInstance, { corsOrigins }) => {
    await app.register(helmet, { contentSecurityPolicy: API_CSP });
    if (corsOrigins.length === 0) return;
    await app.register(cors, {
      origin: (origin, callback) =>
        callback(null, origin !== undefined && corsOrigins.includes(origin)),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      // Keys travel in a header, not cookies: no credentialed CORS needed.
      credentials: false,
      maxAge: 600,
      // An OPTIONS from an allowed origin without Access-Control-Request-Method would get
      // @fastify/cors's plain-text 400 in strict mode; answer it as a preflight instead.
      strictPreflight: false,
    });
  },
  { name: 'callradar-security-headers' },
);
