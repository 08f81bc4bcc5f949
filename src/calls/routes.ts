import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type TObject, Type } from 'typebox';
import type { Database } from '../db/client.js';
import { NotFound } from '../errors.js';
import { ErrorResponse } from '../http/errors.js';
import { getCall, listCalls } from './repository.js';
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

export const callRoutes: FastifyPluginAsyncTypebox<{
  db: Database;
  statuses: StatusSweeper;
  detailAddition?: CallDetailAddition;
}> = async (app, { db, statuses, detailAddition }) => {
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
    (request) => listCalls(db, request.query),
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
