import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StatusSweeper } from '../calls/status-sweeper.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { ErrorResponse } from '../http/errors.js';
import { sendReadyBody } from '../http/ready-body.js';
import { createFeedReader } from './feed-reader.js';
import { feedUrls } from './feed-urls.js';
import { FEED_CONTENT_TYPES } from './render-cache.js';
import { createFeed, listFeeds, revokeFeed } from './repository.js';
import {
  CreatedFeed,
  CreateFeedBody,
  FeedDocument,
  FeedIdParams,
  FeedList,
  FeedTokenParams,
  ListFeedsQuery,
} from './schemas.js';

/** Subscribers poll; five minutes between their reads keeps a popular feed cheap. */
const FEED_CACHE_CONTROL = 'private, max-age=300';

/** The access plugin resolves it on every tenant-read and tenant-write route. */
function tenantOf(request: FastifyRequest): string {
  if (!request.tenant) throw new Error('a tenant route ran without a resolved tenant');
  return request.tenant.id;
}

const errors = { 400: ErrorResponse, 404: ErrorResponse, 500: ErrorResponse };
const writeErrors = { ...errors, 401: ErrorResponse, 403: ErrorResponse };

type FeedApp = Parameters<FastifyPluginAsyncTypebox>[0];

interface FeedRouteDeps {
  db: Database;
  clock: Clock;
  statuses: StatusSweeper;
  publicBaseUrl: string;
}

/** Coordinators make, list and revoke their departments' feeds. */
function manageFeeds(app: FeedApp, { db, clock, publicBaseUrl }: FeedRouteDeps): void {
  app.post(
    '/v1/feeds',
    {
      config: { access: 'tenant-write' },
      schema: {
        tags: ['feeds'],
        summary: "A new feed of a department's matches; its token is shown only here",
        body: CreateFeedBody,
        response: { 201: CreatedFeed, ...writeErrors },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const created = await createFeed(
        db,
        { tenantId, departmentKey: request.body.department },
        clock,
      );
      return reply.status(201).send({ ...created, urls: feedUrls(publicBaseUrl, created.token) });
    },
  );

  app.get(
    '/v1/feeds',
    {
      config: { access: 'tenant-read' },
      schema: {
        tags: ['feeds'],
        summary: "The tenant's feeds (never their tokens), a page at a time",
        querystring: ListFeedsQuery,
        response: { 200: FeedList, ...writeErrors },
      },
    },
    (request) => listFeeds(db, tenantOf(request), request.query),
  );

  app.delete(
    '/v1/feeds/:id',
    {
      config: { access: 'tenant-write' },
      schema: {
        tags: ['feeds'],
        summary: 'Revokes a feed: its URLs answer 404 from now on',
        params: FeedIdParams,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      await revokeFeed(db, { tenantId: tenantOf(request), id: request.params.id }, clock);
      return reply.status(204).send(null);
    },
  );
}

/** The feeds themselves: no header, the token in the URL is the key. */
function readFeeds(app: FeedApp, deps: FeedRouteDeps): void {
  const readFeed = createFeedReader(deps);
  for (const [format, schema, summary] of [
    ['json', FeedDocument, "A department's current matches as JSON"],
    ['atom', Type.String(), "A department's current matches as an Atom feed"],
    ['ics', Type.String(), "The deadlines of a department's matches as an iCalendar calendar"],
  ] as const) {
    app.get(
      `/v1/feeds/:token/matches.${format}`,
      {
        config: { access: 'feed-token' },
        schema: {
          tags: ['feeds'],
          summary,
          params: FeedTokenParams,
          response: {
            200: { content: { [FEED_CONTENT_TYPES[format].split(';')[0] as string]: { schema } } },
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const body = await readFeed(request.params.token, format);
        return sendReadyBody(request, reply.header('cache-control', FEED_CACHE_CONTROL), body);
      },
    );
  }
}

export const feedRoutes: FastifyPluginAsyncTypebox<FeedRouteDeps> = async (app, deps) => {
  manageFeeds(app, deps);
  readFeeds(app, deps);
};
