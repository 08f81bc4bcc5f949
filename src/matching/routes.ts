import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StatusSweeper } from '../calls/status-sweeper.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { ErrorResponse } from '../http/errors.js';
import { ReadyBody, sendReadyBody } from '../http/ready-body.js';
import { acceptedLanguage } from './explanation-view.js';
import { listFeedback } from './feedback-list.js';
import { recordFeedback, withdrawFeedback } from './feedback-store.js';
import { listTenantMatches } from './match-list.js';
import { explanationsCurrentUntil, matchPageCache } from './match-page-cache.js';
import { matchPagesVersion } from './matches-version.js';
import {
  DeleteFeedbackQuery,
  FeedbackList,
  FeedbackParams,
  ListFeedbackQuery,
  ListMatchesQuery,
  MatchList,
  PutFeedbackBody,
  StoredFeedback,
} from './schemas.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  500: ErrorResponse,
};

/** The access plugin resolves the tenant of every tenant route; its absence is a wiring bug. */
function tenantIdOf(request: FastifyRequest): string {
  if (!request.tenant) throw new Error('tenant route reached without a resolved tenant');
  return request.tenant.id;
}

/** A tenant's matches and its coordinator's verdicts on them. */
export const matchRoutes: FastifyPluginAsyncTypebox<{
  db: Database;
  clock: Clock;
  statuses: Pick<StatusSweeper, 'ensureCurrent' | 'currentUntil'>;
  followUps: { poke(): void };
}> = async (app, { db, clock, statuses, followUps }) => {
  const pages = matchPageCache();
  app.get(
    '/v1/matches',
    {
      config: { access: 'tenant-read' },
      schema: {
        tags: ['matches'],
        summary: "The tenant's matched calls, filtered and sorted, a page at a time",
        querystring: ListMatchesQuery,
        response: { 200: MatchList, ...errors },
      },
    },
    async (request, reply) => {
      // Statuses as of the clock's now first, whether or not a poll or sweep ran.
      await statuses.ensureCurrent();
      const tenantId = tenantIdOf(request);
      const language = acceptedLanguage(request.headers['accept-language']);
      const now = clock.now();
      // Pages are read and serialised once per version of what they are made of (the
      // tenant's matches, verdicts and profile, and the calls), not once per request.
      const body = await pages.getOrRead(
        JSON.stringify([tenantId, language, request.query]),
        await matchPagesVersion(db, tenantId),
        now.getTime(),
        async () => {
          const page = await listTenantMatches(db, {
            tenantId,
            query: request.query,
            now,
            acceptedLanguage: language,
          });
          return {
            body: ReadyBody.json(reply.serialize(page) as string),
            until: Math.min(
              statuses.currentUntil(),
              explanationsCurrentUntil(page.items, now.getTime()),
            ),
          };
        },
      );
      return sendReadyBody(request, reply, body);
    },
  );

  app.put(
    '/v1/feedback/:callId',
    {
      config: { access: 'tenant-write' },
      schema: {
        tags: ['feedback'],
        summary: "Records a verdict on a call for one of the tenant's areas; queues a re-match",
        params: FeedbackParams,
        body: PutFeedbackBody,
        response: { 200: StoredFeedback, ...errors },
      },
    },
    async (request) => {
      const stored = await recordFeedback(
        db,
        {
          tenantId: tenantIdOf(request),
          callId: request.params.callId,
          areaKey: request.body.area,
          verdict: request.body.verdict,
          note: request.body.note,
        },
        clock,
      );
      followUps.poke();
      return { ...stored, rematch: 'queued' as const };
    },
  );

  app.delete(
    '/v1/feedback/:callId',
    {
      config: { access: 'tenant-write' },
      schema: {
        tags: ['feedback'],
        summary: 'Withdraws verdicts on a call (one area, or all); queues a re-match',
        params: FeedbackParams,
        querystring: DeleteFeedbackQuery,
        response: { 204: Type.Null({ description: 'Withdrawn' }), ...errors },
      },
    },
    async (request, reply) => {
      const withdrawn = await withdrawFeedback(
        db,
        {
          tenantId: tenantIdOf(request),
          callId: request.params.callId,
          areaKey: request.query.area,
        },
        clock,
      );
      if (withdrawn > 0) followUps.poke();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/feedback',
    {
      config: { access: 'tenant-read' },
      schema: {
        tags: ['feedback'],
        summary: "The tenant's verdicts, most recently changed first",
        querystring: ListFeedbackQuery,
        response: { 200: FeedbackList, ...errors },
      },
    },
    (request) => listFeedback(db, tenantIdOf(request), request.query),
  );
};
