import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestTenant } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { ErrorResponse } from '../http/errors.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../http/keyset-cursor.js';
import { parseProfile } from './profile.js';
import { createTenant, listTenants, tenantById, tenantBySlug } from './tenant-directory.js';
import {
  CreatedTenant,
  CreateTenantBody,
  Tenant,
  TenantListQuery,
  TenantPage,
  TenantParams,
} from './tenant-schemas.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 500: ErrorResponse };
const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

interface TenantRouteDeps {
  db: Database;
  clock: Clock;
  /** Told after a creation committed its first match run (job_outbox). */
  followUps: { poke(): void };
}

/** GET /v1/tenant for any tenant key; the tenant directory and creation for admins. */
export const tenantRoutes: FastifyPluginAsyncTypebox<TenantRouteDeps> = async (
  app,
  { db, clock, followUps },
) => {
  app.get(
    '/v1/tenant',
    {
      config: { access: 'tenant-read' },
      schema: {
        tags: ['tenants'],
        summary: "The key's tenant (an admin key names one with X-Tenant)",
        response: { 200: Tenant, 404: ErrorResponse, ...errors },
      },
    },
    async (request) => tenantById(db, requestTenant(request).id),
  );

  app.get(
    '/v1/tenants',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tenants'],
        summary: 'Every tenant, by slug',
        querystring: TenantListQuery,
        response: { 200: TenantPage, ...errors },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const afterSlug = cursor ? decodeKeysetCursor(cursor, [SLUG_PATTERN])[0] : undefined;
      const rows = await listTenants(db, { limit: limit + 1, afterSlug });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeKeysetCursor([last.slug]) : null,
      };
    },
  );

  app.post(
    '/v1/tenants',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tenants'],
        summary: 'Create a tenant from its profile; its first match run is queued',
        body: CreateTenantBody,
        response: { 201: CreatedTenant, 409: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const profile = parseProfile(request.body.profile);
      const tenant = await createTenant(db, request.body.slug, profile, clock);
      followUps.poke();
      return reply.status(201).send({ ...tenant, rematch: 'queued' as const });
    },
  );

  app.get(
    '/v1/tenants/:slug',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tenants'],
        summary: 'One tenant',
        params: TenantParams,
        response: { 200: Tenant, 404: ErrorResponse, ...errors },
      },
    },
    async (request) => tenantBySlug(db, request.params.slug),
  );
};
