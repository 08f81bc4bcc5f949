import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type TObject, Type } from 'typebox';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { NotFound } from '../errors.js';
import { ErrorResponse } from '../http/errors.js';
import { ReadyBody, sendReadyBody } from '../http/ready-body.js';
import { VersionedResponseCache } from '../http/versioned-cache.js';
import { callsVersion, getCall, listCalls } from './repository.js';
import { CallDetail, CallIdParams, CallList, ListCallsQuery } from './schemas.js';
import type { StatusSweeper } from './status-sweeper.js';

/**
 * What another domain adds to a call's detail for the caller (matching: the caller's scores
 * and explanations). Injected by the app, so call data does not depend on matching.
 */
export interface CallDetailAddition {
  schema: TObject;
  add(request: FastifyRequest, callId: string): Promise<Record<string, unknown>>;
}

const errors = { 400: ErrorResponse, 404: ErrorResponse, 500: ErrorResponse };

/**
 * Pages kept per process: a few hundred distinct searches cover an intranet's traffic; an
 * entry is a page of 20–100 lean items (10–60 KB).
 */
const LIST_CACHE_ENTRIES = 2_000;
/** A bound for changes the version cannot see (a clock set back); the version sees the rest. */
const LIST_CACHE_MAX_AGE_MS = 60_000;

export const callRoutes: FastifyPluginAsyncTypebox<{
  db: Database;
  statuses: StatusSweeper;
  clock: Clock;
  detailAddition?: CallDetailAddition;
}> = async (app, { db, statuses, clock, detailAddition }) => {
  const listCache = new VersionedResponseCache({
    maxEntries: LIST_CACHE_ENTRIES,
    maxAgeMs: LIST_CACHE_MAX_AGE_MS,
  });
  // Requests arriving while a version read is in flight share it: under load one read
  // serves many requests, and the answer is at most that read's round trip old.
  let versionRead: Promise<string> | null = null;
  const currentVersion = () => {
    versionRead ??= callsVersion(db).finally(() => {
      versionRead = null;
    });
    return versionRead;
  };

  // Statuses as of the clock's now before any answer, whether or not a poll or sweep ran.
  app.addHook('preHandler', () => statuses.ensureCurrent());

  app.get(
    '/v1/calls',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calls'],
        summary: 'Funding calls, filtered and sorted, a page at a time',
        querystring: ListCallsQuery,
        response: { 200: CallList, 400: errors[400], 500: errors[500] },
      },
    },
    async (request, reply) => {
      const version = await currentVersion();
      // The query after validation and defaults: equal searches share an entry.
      const key = JSON.stringify(request.query);
      const body = await listCache.getOrRead(key, version, clock.now().getTime(), async () => ({
        // Serialised by the route's response schema (fast-json-stringify), once per version.
        body: ReadyBody.json(reply.serialize(await listCalls(db, request.query)) as string),
        until: statuses.currentUntil(),
      }));
      return sendReadyBody(request, reply, body);
    },
  );

  app.get(
    '/v1/calls/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calls'],
        summary: 'One call with its deadlines, links and change history',
        params: CallIdParams,
        response: {
          200: detailAddition ? Type.Intersect([CallDetail, detailAddition.schema]) : CallDetail,
          ...errors,
        },
      },
    },
    async (request) => {
      const call = await getCall(db, request.params.id);
      if (!call) throw new NotFound(`No call with id ${request.params.id}`);
      return detailAddition ? { ...call, ...(await detailAddition.add(request, call.id)) } : call;
    },
  );
};
