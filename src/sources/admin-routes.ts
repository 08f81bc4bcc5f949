import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { ErrorResponse } from '../http/errors.js';
import { PatchedSource, QueuedPoll, SourceParams, SourcePatchBody } from './schemas.js';
import { queueManualPoll, updateSource } from './source-admin.js';
import { sourceView } from './source-view.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  500: ErrorResponse,
};

interface SourceAdminDeps {
  db: Database;
  clock: Clock;
  /** Told after a change committed follow-up work (job_outbox): the relay drains it now. */
  followUps: { poke(): void };
}

/** Admin control of the sources: enable, disable, reschedule, poll now. */
export const sourceAdminRoutes: FastifyPluginAsyncTypebox<SourceAdminDeps> = async (
  app,
  { db, clock, followUps },
) => {
  app.patch(
    '/v1/sources/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['sources'],
        summary: 'Enable, disable or reschedule a source; the schedulers follow within seconds',
        params: SourceParams,
        body: SourcePatchBody,
        response: { 200: PatchedSource, ...errors },
      },
    },
    async (request) => {
      const { source, rescheduled } = await updateSource(
        db,
        request.params.id,
        request.body,
        clock,
      );
      if (rescheduled) followUps.poke();
      return {
        ...(await sourceView(db, source)),
        reschedule: rescheduled ? ('queued' as const) : ('unchanged' as const),
      };
    },
  );

  app.post(
    '/v1/sources/:id/poll',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['sources'],
        summary: 'Queue a poll of the source now',
        params: SourceParams,
        response: { 202: QueuedPoll, 409: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      await queueManualPoll(db, request.params.id, clock);
      followUps.poke();
      return reply.status(202).send({ sourceId: request.params.id, poll: 'queued' as const });
    },
  );
};
