import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorResponse } from './errors.js';
import type { RouteAccess } from './route-access.js';

/** How clients authenticate, named in every route's `security`. */
export const securitySchemes = {
  apiKey: {
    type: 'http' as const,
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer cr_…` (shown once when it is created).',
  },
};

type SecurityRequirement = Record<string, string[]>;
const KEY_REQUIRED: SecurityRequirement[] = [{ apiKey: [] }];
/** OpenAPI's "optional": an empty requirement object beside the key. */
const KEY_OPTIONAL: SecurityRequirement[] = [{}, { apiKey: [] }];

const securityOfAccess: Record<RouteAccess, SecurityRequirement[]> = {
  // Call data: no key needed, but one may be sent (a bad one is refused).
  public: KEY_OPTIONAL,
  // The secret is the feed URL's own token.
  'feed-token': [],
  // The signed token in a digest link.
  'recipient-token': [],
  'any-key': KEY_REQUIRED,
  'tenant-read': KEY_REQUIRED,
  'tenant-write': KEY_REQUIRED,
  admin: KEY_REQUIRED,
};

/** The error statuses any /v1 route can answer besides its own, by what it demands. */
function commonErrorsOf(access: RouteAccess): number[] {
  const statuses = [400, 401, 404, 429, 500, 503];
  if (access === 'tenant-write' || access === 'admin') statuses.push(403);
  return statuses;
}

function documentRoute(route: RouteOptions): void {
  if (!route.url.startsWith('/v1')) return;
  const access = route.config?.access ?? 'public';
  const schema = { ...route.schema } as Record<string, unknown>;
  schema.security ??= securityOfAccess[access];
  const response = { ...(schema.response as Record<string, unknown> | undefined) };
  for (const status of commonErrorsOf(access)) response[status] ??= ErrorResponse;
  route.schema = { ...schema, response };
}

/**
 * The OpenAPI document's security and errors come from each route's `config.access`, so
 * they cannot drift from what the access plugin enforces: an onRoute hook registered after
 * the access plugin's (which may turn `public` into `any-key`) writes `security` and the
 * error responses every route can give (ErrorResponse, one shared schema).
 */
export const openApiAccess = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', documentRoute);
  },
  { name: 'callradar-openapi-access', dependencies: ['callradar-access'] },
);
