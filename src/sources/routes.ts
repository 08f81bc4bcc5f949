import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { ErrorResponse } from '../http/errors.js';
import { Source } from './schemas.js';
import { sourceView } from './source-view.js';

export const sourceRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/v1/sources',
    {
      config: { access: 'public' },
      schema: {
        tags: ['sources'],
        summary: 'Configured sources with their health and last run',
        response: {
          200: Type.Object({ items: Type.Array(Source), nextCursor: Type.Null() }),
          500: ErrorResponse,
        },
      },
    },
    async () => {
      const rows = await db.select().from(sources).orderBy(sources.id);
      const items = await Promise.all(rows.map((source) => sourceView(db, source)));
      // Sources are few; the list shape matches the other list endpoints all the same.
      return { items, nextCursor: null };
    },
  );
};
