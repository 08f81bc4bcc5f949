import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RouteAccess } from './route-access.js';

/**
 * ETag and 304 Not Modified on every successful GET under /v1 (lists, details, feeds, JSON
 * or not), plus Vary and Cache-Control saying who may keep the answer.
 *
 * Our own hook rather than @fastify/etag: that plugin compares If-None-Match with one tag
 * by string equality, while RFC 9110 (section 13.1.2) asks for a list of tags compared
 * weakly and for `*`. The tag is a hash of the bytes sent, so it changes exactly when the
 * answer does, whatever produced it.
 */

/** Public call data may be reused for a minute: statuses and deadlines move by the day. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';
/** Tenant data (or anything a key was shown) only by the caller, revalidated every time. */
export const PRIVATE_CACHE_CONTROL = 'private, no-cache';

const ENTITY_TAG = /^(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** The opaque tags of an If-None-Match list; null when the field is malformed or `*`. */
function listedTags(field: string): string[] | null {
  const members = field.split(',').map((member) => member.trim());
  if (!members.every((member) => ENTITY_TAG.test(member))) return null;
  return members.map((member) => member.replace(/^W\//, ''));
}

/**
 * RFC 9110 13.1.2: `*` matches any current representation; otherwise a listed tag matches
 * ours by weak comparison (W/ ignored). A malformed field matches nothing: the client gets
 * the full answer rather than a 304 it did not ask for.
 */
export function ifNoneMatchHolds(field: string | undefined, etag: string): boolean {
  if (field === undefined) return false;
  if (field.trim() === '*') return true;
  const ours = etag.replace(/^W\//, '');
  return listedTags(field)?.includes(ours) ?? false;
}

export function entityTagOf(payload: string | Buffer): string {
  return `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
}

export function appendVary(reply: FastifyReply, fields: string[]): void {
  const current = String(reply.getHeader('vary') ?? '');
  const present = new Set(current.split(',').map((field) => field.trim().toLowerCase()));
  const added = fields.filter((field) => !present.has(field.toLowerCase()));
  if (added.length === 0) return;
  reply.header('vary', [current, ...added].filter(Boolean).join(', '));
}

/** Which request headers the answer depends on: the key, the tenant an admin names, the language. */
function varyFieldsOf(access: RouteAccess): string[] {
  // A feed's URL is its credential; its answer depends on nothing else the client sends.
  if (access === 'feed-token') return [];
  if (access === 'tenant-read' || access === 'tenant-write') {
    return ['Authorization', 'X-Tenant', 'Accept-Language'];
  }
  return ['Authorization', 'Accept-Language'];
}

function cacheControlOf(request: FastifyRequest, access: RouteAccess): string {
  const keyed = request.principal !== null || request.tenant !== null;
  return access === 'public' && !keyed ? PUBLIC_CACHE_CONTROL : PRIVATE_CACHE_CONTROL;
}

function isConditionalGet(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return reply.statusCode === 200 && (request.routeOptions.url ?? '').startsWith('/v1/');
}

export const conditionalGets = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (!isConditionalGet(request, reply)) return payload;
      const access = request.routeOptions.config.access ?? 'public';
      appendVary(reply, varyFieldsOf(access));
      // A route that knows better (feeds: a calendar app may keep one for minutes) says so.
      if (!reply.hasHeader('cache-control')) {
        reply.header('cache-control', cacheControlOf(request, access));
      }
      // A stream is not hashed here: a route streaming its answer sets its own ETag.
      const preset = reply.getHeader('etag');
      const hashable = typeof payload === 'string' || Buffer.isBuffer(payload);
      if (preset === undefined && !hashable) return payload;
      const etag = String(preset ?? entityTagOf(payload as string | Buffer));
      reply.header('etag', etag);
      if (!ifNoneMatchHolds(request.headers['if-none-match'], etag)) return payload;
      reply.code(304);
      // A HEAD answer goes on to fastify's own HEAD hook, which measures the payload for
      // Content-Length and drops it; a GET's 304 has no body and no Content-Length (fastify
      // omits both for a null payload).
      return request.method === 'HEAD' ? payload : null;
    });
  },
  { name: 'callradar-conditional-get', dependencies: ['callradar-access'] },
);
