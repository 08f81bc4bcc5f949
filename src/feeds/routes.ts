import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StatusSweeper } from '../calls/status-sweeper.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { NotFound } from '../errors.js';
import { ErrorResponse } from '../http/errors.js';
import { feedContent } from './content.js';
import { feedMatches } from './feed-matches.js';
import { feedUrls } from './feed-urls.js';
import { renderAtom } from './render-atom.js';
import { type FeedFormat, RenderedFeeds } from './render-cache.js';
import { renderIcs } from './render-ics.js';
import { renderJson } from './render-json.js';
import { createFeed, feedByToken, listFeeds, revokeFeed } from './repository.js';
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

const feedTypes = {
  json: 'application/json; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
} as const satisfies Record<FeedFormat, string>;

/** The access plugin resolves it on every tenant-read and tenant-write route. */
function tenantOf(request: FastifyRequest): string {
  if (!request.tenant) throw new Error('a tenant route ran without a resolved tenant');
  return request.tenant.id;
}

const errors = { 400: ErrorResponse, 404: ErrorResponse, 500: ErrorResponse };
const writeErrors = { ...errors, 401: ErrorResponse, 403: ErrorResponse };

export const feedRoutes: FastifyPluginAsyncTypebox<{
  db: Database;
  clock: Clock;
  statuses: StatusSweeper;
  publicBaseUrl: string;
}> = async (app, { db, clock, statuses, publicBaseUrl }) => {
  const rendered = new RenderedFeeds();

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

  /** The three formats of one feed: same token check, same content, one renderer each. */
  const readFeed = async (token: string, format: FeedFormat) => {
    const owner = await feedByToken(db, token);
    if (!owner) throw new NotFound('No such feed (unknown or revoked token)');
    // Statuses as of the clock before the content: a passed deadline is never shown.
    await statuses.ensureCurrent();
    const now = clock.now();
    const urls = feedUrls(publicBaseUrl, token);
    return rendered.body(
      { feedId: owner.feedId, format, now },
      async () =>
        feedContent(
          owner,
          await feedMatches(db, { tenantId: owner.tenant.id, departmentKey: owner.department.key }),
          now,
        ),
      (content) =>
        // Stored serialized: a hot feed is not serialized again on every read.
        format === 'json'
          ? JSON.stringify(renderJson(content))
          : format === 'atom'
            ? renderAtom(content, { publicBaseUrl, self: urls.atom, json: urls.json })
            : renderIcs(content),
    );
  };

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
            200: { content: { [feedTypes[format].split(';')[0] as string]: { schema } } },
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const body = await readFeed(request.params.token, format);
        return reply.header('cache-control', FEED_CACHE_CONTROL).type(feedTypes[format]).send(body);
      },
    );
  }
};
