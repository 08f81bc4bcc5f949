import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { ErrorResponse } from '../http/errors.js';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  ISO_TIMESTAMP_PATTERN,
  UUID_PATTERN,
} from '../http/keyset-cursor.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';
import {
  ApiKeyListQuery,
  ApiKeyPage,
  ApiKeyParams,
  CreateApiKeyBody,
  CreatedApiKey,
} from './schemas.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 500: ErrorResponse };

/** The admin's key management: the same as `npm run cli -- keys create|list|revoke`. */
export const apiKeyRoutes: FastifyPluginAsyncTypebox<{ db: Database; clock: Clock }> = async (
  app,
  { db, clock },
) => {
  app.get(
    '/v1/keys',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'API keys, oldest first (prefixes only: a key is shown once, at creation)',
        querystring: ApiKeyListQuery,
        response: { 200: ApiKeyPage, ...errors },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const after = cursor
        ? decodeKeysetCursor(cursor, [ISO_TIMESTAMP_PATTERN, UUID_PATTERN])
        : undefined;
      const rows = await listApiKeys(db, {
        limit: limit + 1,
        after: after
          ? { createdAt: new Date(after[0] as string), id: after[1] as string }
          : undefined,
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const nextCursor =
        rows.length > limit && last ? encodeKeysetCursor([last.createdAt, last.id]) : null;
      return { items, nextCursor };
    },
  );

  app.post(
    '/v1/keys',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Create a key; the answer is the only time the key itself is shown',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createApiKey(db, request.body, clock);
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/v1/keys/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Revoke a key: it stops working at once (in other API processes within 10 s)',
        params: ApiKeyParams,
        response: { 204: { type: 'null', description: 'Revoked' }, 404: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      await revokeApiKey(db, request.params.id, clock);
      return reply.status(204).send(null);
    },
  );
};
