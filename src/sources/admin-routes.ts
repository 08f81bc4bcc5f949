import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HttpClient } from '../../scrapers/http/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { ErrorResponse } from '../http/errors.js';
import {
  CreatedSource,
  PatchedSource,
  QueuedPoll,
  SourceCreateBody,
  SourceParams,
  SourcePatchBody,
} from './schemas.js';
import { queueManualPoll, updateSource } from './source-admin.js';
import { addSource } from './source-create.js';
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
  config: Pick<Config, 'http'>;
  /** Told after a change committed follow-up work (job_outbox): the relay drains it now. */
  followUps: { poke(): void };
}

/** Admin control of the sources: add, enable, disable, reschedule, poll now. */
export const sourceAdminRoutes: FastifyPluginAsyncTypebox<SourceAdminDeps> = async (
  app,
  { db, clock, followUps, config },
) => {
  // The test fetch of a new source: user-configured URLs, so every request is guarded.
  const http = new HttpClient(config.http);
  app.addHook('onClose', () => http.close());

  app.post(
    '/v1/sources',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['sources'],
        summary:
          'Add a source (interreg-algolia, ical, euro-access, rss, html-list) after a test fetch with its settings',
        body: SourceCreateBody,
        response: { 201: CreatedSource, 409: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { source, testFetch } = await addSource({ db, clock, http }, request.body);
      followUps.poke();
      return reply
        .status(201)
        .send({ ...(await sourceView(db, source)), settings: source.settings, testFetch });
    },
  );

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
