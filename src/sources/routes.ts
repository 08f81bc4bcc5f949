import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Database } from '../db/client.js';
import { sourceRuns, sources } from '../db/schema/index.js';
import { ErrorResponse } from '../http/errors.js';
import { Nullable, Timestamp } from '../http/schemas.js';

const SourceRun = Type.Object({
  id: Type.Integer(),
  asOf: Type.String(),
  outcome: Type.String({ description: 'running, succeeded, degraded or failed' }),
  startedAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  pages: Type.Integer(),
  counts: Type.Object({
    fetched: Type.Integer(),
    new: Type.Integer(),
    changed: Type.Integer(),
    unchanged: Type.Integer(),
    closed: Type.Integer(),
    skipped: Type.Integer(),
  }),
  problems: Type.Array(Type.String()),
});

const Source = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  baseUrl: Type.String(),
  schedule: Type.String({ description: 'Cron pattern, UTC' }),
  enabled: Type.Boolean(),
  health: Type.String({ description: 'unknown, ok, degraded or failing' }),
  healthReason: Nullable(Type.String()),
  lastGoodPollAt: Nullable(Timestamp),
  lastRun: Nullable(SourceRun),
});

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
      const items = await Promise.all(
        rows.map(async (source) => {
          const [run] = await db
            .select()
            .from(sourceRuns)
            .where(eq(sourceRuns.sourceId, source.id))
            .orderBy(desc(sourceRuns.startedAt), desc(sourceRuns.id))
            .limit(1);
          return {
            id: source.id,
            kind: source.kind,
            name: source.name,
            baseUrl: source.baseUrl,
            schedule: source.schedule,
            enabled: source.enabled,
            health: source.health,
            healthReason: source.healthReason,
            lastGoodPollAt: source.lastGoodPollAt?.toISOString() ?? null,
            lastRun: run
              ? {
                  id: run.id,
                  asOf: run.asOf,
                  outcome: run.outcome,
                  startedAt: run.startedAt.toISOString(),
                  finishedAt: run.finishedAt?.toISOString() ?? null,
                  pages: run.pages,
                  counts: run.counts,
                  problems: run.problems,
                }
              : null,
          };
        }),
      );
      // Sources are few; the list shape matches the other list endpoints all the same.
      return { items, nextCursor: null };
    },
  );
};
