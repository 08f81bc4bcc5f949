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
}
