/**
 * What a route declares in its `config.access`; the access plugin enforces it before the
 * handler runs, and it is written into the OpenAPI document.
 * - public: no key needed (call data, unless PUBLIC_CALL_DATA=false makes it `any-key`).
 * - any-key: any valid key.
 * - tenant-read: a key of the tenant (reader, coordinator) or admin naming it (X-Tenant).
 * - tenant-write: coordinator of the tenant, or admin naming it.
 * - admin: admin keys only.
 * - feed-token: no header; the route checks the secret token in its own URL.
 * - recipient-token: no header; a digest recipient's page (unsubscribe, preferences), whose
 *   URL carries a signed token naming the recipient; the route verifies it (src/digests/links.ts).
 */
export type RouteAccess =
  | 'public'
  | 'any-key'
  | 'tenant-read'
  | 'tenant-write'
  | 'admin'
  | 'feed-token'
  | 'recipient-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
