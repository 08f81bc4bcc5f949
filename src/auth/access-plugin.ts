import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client.js';
import { apiKeys, tenants } from '../db/schema/index.js';
import { Forbidden, InvalidInput, NotFound, Unauthenticated } from '../errors.js';
import type { Principal, RequestTenant, RouteAccess } from './principal.js';
import { hashSecret } from './secrets.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** How an admin key names the tenant a tenant-scoped route acts on. */
export const TENANT_HEADER = 'x-tenant';

async function principalOf(db: Database, request: FastifyRequest): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const token = BEARER.exec(header)?.[1];
  if (!token) throw new Unauthenticated('Authorization must be "Bearer <API key>"');
  const [key] = await db
    .select({ keyId: apiKeys.id, role: apiKeys.role, tenantId: apiKeys.tenantId })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashSecret(token)), isNull(apiKeys.revokedAt)));
  if (!key) throw new Unauthenticated('unknown or revoked API key');
  return key;
}

async function tenantOf(
  db: Database,
  request: FastifyRequest,
  principal: Principal,
): Promise<RequestTenant> {
  if (principal.role === 'admin') {
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
  const [tenant] = await db
    .select({ id: tenants.id, slug: tenants.slug })
    .from(tenants)
    .where(eq(tenants.id, principal.tenantId as string));
  // The key's tenant was deleted (keys cascade, so only in a race): the key is gone too.
  if (!tenant) throw new Unauthenticated('unknown or revoked API key');
  return tenant;
}

async function enforce(db: Database, request: FastifyRequest, access: RouteAccess): Promise<void> {
  const principal = request.principal;
  if (access === 'public' || access === 'feed-token') return;
  if (!principal) {
    throw new Unauthenticated('this route needs an API key: Authorization: Bearer cr_…');
  }
  if (access === 'any-key') return;
  if (access === 'admin') {
    if (principal.role !== 'admin') throw new Forbidden('this route needs an admin key');
    return;
  }
  if (access === 'tenant-write' && principal.role === 'reader') {
    throw new Forbidden('a reader key can only read');
  }
  request.tenant = await tenantOf(db, request, principal);
}

/**
 * Authentication and access for every route: the key (if any) is resolved on each request,
 * a bad one is a 401 even on public routes (a client should learn its key is wrong), and
 * each route's declared `config.access` is enforced before its handler. A /v1 route that
 * declares no access fails at start-up, so none is left open by accident.
 */
export const accessPlugin = fp<{ db: Database; publicCallData: boolean }>(
  async (app: FastifyInstance, { db, publicCallData }) => {
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
      if (access === 'feed-token') return;
      request.principal = await principalOf(db, request);
      await enforce(db, request, access ?? 'public');
    });
  },
  { name: 'callradar-access' },
);
