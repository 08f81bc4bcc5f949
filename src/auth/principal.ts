import type { ApiKeyRole } from '../db/schema/index.js';

/** Who a request acts as: the API key it carried, resolved. */
export interface Principal {
  keyId: string;
  role: ApiKeyRole;
  /** Null for admin keys, which belong to no tenant. */
  tenantId: string | null;
}

/** The tenant a tenant-scoped route acts on, resolved by the access plugin. */
export interface RequestTenant {
  id: string;
  slug: string;
}

/**
 * What a route declares in its `config.access`; the access plugin enforces it before the
 * handler runs, and it is written into the OpenAPI document.
 * - public: no key needed (call data, unless PUBLIC_CALL_DATA=false makes it `any-key`).
 * - any-key: any valid key.
 * - tenant-read: a key of the tenant (reader, coordinator) or admin naming it (X-Tenant).
 * - tenant-write: coordinator of the tenant, or admin naming it.
 * - admin: admin keys only.
 * - feed-token: no header; the route checks the secret token in its own URL.
 */
export type RouteAccess =
  | 'public'
  | 'any-key'
  | 'tenant-read'
  | 'tenant-write'
  | 'admin'
  | 'feed-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The key's principal when the request carried a valid key; null otherwise. */
    principal: Principal | null;
    /** Set for tenant-read and tenant-write routes: the tenant the route acts on. */
    tenant: RequestTenant | null;
  }
}

/**
 * The tenant a tenant-read or tenant-write route acts on. The access plugin sets it before
 * such a handler runs; a route that reads it without declaring that access is a bug.
 */
export function requestTenant(request: {
  tenant: RequestTenant | null;
  url: string;
}): RequestTenant {
  if (!request.tenant)
    throw new Error(`${request.url}: no tenant; does the route declare tenant access?`);
  return request.tenant;
}
