import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { apiKeys, tenants } from '../db/schema/index.js';
import { Forbidden, InvalidInput, NotFound, Unauthenticated } from '../errors.js';
import type { Logger } from '../logger.js';
import { ApiKeyCache, type ResolvedKey } from './key-cache.js';
import { KeyUsageRecorder } from './key-usage.js';
import type { RequestTenant, RouteAccess } from './principal.js';
import { hashSecret } from './secrets.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** How an admin key names the tenant a tenant-scoped route acts on. */
export const TENANT_HEADER = 'x-tenant';

interface AccessDeps {
  db: Database;
  cache: ApiKeyCache;
  usage: KeyUsageRecorder;
}

/** The request's key, from the cache or the database; null when it carried none. */
async function resolveKey(deps: AccessDeps, request: FastifyRequest): Promise<ResolvedKey | null> {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const token = BEARER.exec(header)?.[1];
  if (!token) throw new Unauthenticated('Authorization must be "Bearer <API key>"');
  const keyHash = hashSecret(token);
  const cached = deps.cache.get(keyHash);
  if (cached) return cached;
  // One query for the key and its tenant: a tenant key's requests need both.
  const [row] = await deps.db
    .select({
      keyId: apiKeys.id,
      role: apiKeys.role,
      tenantId: apiKeys.tenantId,
      tenantSlug: tenants.slug,
    })
    .from(apiKeys)
    .leftJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  if (!row) throw new Unauthenticated('unknown or revoked API key');
  const resolved: ResolvedKey = {
    principal: { keyId: row.keyId, role: row.role, tenantId: row.tenantId },
    tenant:
      row.tenantId !== null && row.tenantSlug !== null
        ? { id: row.tenantId, slug: row.tenantSlug }
        : null,
  };
  deps.cache.set(keyHash, resolved);
  return resolved;
}

/** The tenant a tenant-scoped route acts on: the key's own, or the one an admin names. */
async function tenantOf(
  db: Database,
  request: FastifyRequest,
  key: ResolvedKey,
): Promise<RequestTenant> {
  if (key.principal.role !== 'admin') {
    // The header is ignored: a tenant key acts on its own tenant whatever it names.
    if (key.tenant) return key.tenant;
    // Its tenant was deleted after the lookup (keys cascade with it): the key is gone too.
    throw new Unauthenticated('unknown or revoked API key');
  }
  const slug = request.headers[TENANT_HEADER];
  if (typeof slug !== 'string' || slug === '') {
    throw new InvalidInput(`an admin key names the tenant to act on in the X-Tenant header`);
  }
  const [tenant] = await db
    .select({ id: tenants.id, slug: tenants.slug })
    .from(tenants)
    .where(eq(tenants.slug, slug));
  if (!tenant) throw new NotFound(`No tenant "${slug}"`);
  return tenant;
}

async function enforce(
  db: Database,
  request: FastifyRequest,
  key: ResolvedKey | null,
  access: RouteAccess,
): Promise<void> {
  if (access === 'public' || access === 'feed-token' || access === 'recipient-token') return;
  if (!key) {
    throw new Unauthenticated('this route needs an API key: Authorization: Bearer cr_…');
  }
  if (access === 'any-key') return;
  if (access === 'admin') {
    if (key.principal.role !== 'admin') throw new Forbidden('this route needs an admin key');
    return;
  }
  if (access === 'tenant-write' && key.principal.role === 'reader') {
    throw new Forbidden('a reader key can only read');
  }
  request.tenant = await tenantOf(db, request, key);
}

/**
 * RFC 6750 §3: a 401 names the scheme to use; `invalid_token` only when a key was sent (a
 * request without one gets no error code).
 */
function challengeFor(request: FastifyRequest): string {
  return request.headers.authorization === undefined ? 'Bearer' : 'Bearer error="invalid_token"';
}

/**
 * Authentication and access for every route: the key (if any) is resolved on each request,
 * a bad one is a 401 even on public routes (a client should learn its key is wrong), and
 * each route's declared `config.access` is enforced before its handler. A /v1 route that
 * declares no access fails at start-up, so none is left open by accident. Resolved keys are
 * cached briefly (src/auth/key-cache.ts): a lookup per request would cost the API its speed.
 */
export const accessPlugin = fp<{
  db: Database;
  clock: Clock;
  logger: Logger;
  publicCallData: boolean;
}>(
  async (app: FastifyInstance, { db, clock, logger, publicCallData }) => {
    const deps: AccessDeps = {
      db,
      cache: new ApiKeyCache(),
      usage: new KeyUsageRecorder({ db, clock, logger }),
    };
    app.addHook('onClose', async () => deps.cache.close());
    app.decorateRequest('principal', null);
    app.decorateRequest('tenant', null);
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/v1')) return;
      const access = route.config?.access;
      if (!access) throw new Error(`route ${route.method} ${route.url} declares no config.access`);
      if (access === 'public' && !publicCallData) {
        route.config = { ...route.config, access: 'any-key' };
      }
    });
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      // The URL's token is the credential; a key sent along is neither needed nor looked up.
      if (access === 'feed-token' || access === 'recipient-token') return;
      const key = await resolveKey(deps, request);
      request.principal = key?.principal ?? null;
      if (key) deps.usage.used(key.principal.keyId);
      await enforce(db, request, key, access ?? 'public');
    });
    app.addHook('onSend', async (request, reply) => {
      if (reply.statusCode === 401) reply.header('www-authenticate', challengeFor(request));
    });
  },
  { name: 'callradar-access' },
);
