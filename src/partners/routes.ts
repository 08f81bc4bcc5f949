import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/client.js';
import {
  type OrganisationType,
  organisationTypes,
  type ProgrammeFamily,
  programmeFamilies,
} from '../db/schema/index.js';
import { InvalidInput } from '../errors.js';
import { ErrorResponse } from '../http/errors.js';
import { decodeCursorValues, encodeCursorValues, INVALID_CURSOR } from '../http/keyset-cursor.js';
import { partnerRequestsForCall } from './partner-requests.js';
import { twinNamesOf } from './relationships.js';
import {
  CallPartnerRequestsParams,
  PartnerList,
  PartnerRequestList,
  PartnerSearchQuery,
} from './schemas.js';
import { searchPartners } from './search.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  500: ErrorResponse,
};

/** The international coordinator's partner search. */
export const partnerRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/v1/calls/:id/partner-requests',
    {
      config: { access: 'tenant-read' },
      schema: {
        tags: ['partners'],
        summary: 'Partner-search announcements made for this call (its topic or call identifier)',
        params: CallPartnerRequestsParams,
        response: { 200: PartnerRequestList, ...errors },
      },
    },
    // Announcements for one call are few: the list shape is the API's, in one page.
    async (request) => ({
      items: await partnerRequestsForCall(db, request.params.id),
      nextCursor: null,
    }),
  );

  app.get(
    '/v1/partners/search',
    {
      config: { access: 'tenant-read' },
      schema: {
        tags: ['partners'],
        summary:
          'Organisations that did projects on a subject, ranked, with those projects as evidence',
        querystring: PartnerSearchQuery,
        response: { 200: PartnerList, ...errors },
      },
    },
    async (request) => {
      const query = request.query;
      const limit = query.limit ?? 20;
      const filters = {
        q: query.q,
        countries: listOf(query.countries)?.map((code) => code.toUpperCase()),
        types: checked(listOf(query.types), organisationTypes, 'types') as
          | OrganisationType[]
          | undefined,
        families: checked(listOf(query.programmes), programmeFamilies, 'programmes') as
          | ProgrammeFamily[]
          | undefined,
        from: query.from,
        to: query.to,
      };
      if (filters.from !== undefined && filters.to !== undefined && filters.from > filters.to)
        throw new InvalidInput('from must not be after to');
      // The cursor is the next page's position in this very query's ranking.
      const fingerprint = createHash('sha256')
        .update(JSON.stringify(filters))
        .digest('base64url')
        .slice(0, 16);
      const offset = query.cursor ? offsetOf(query.cursor, fingerprint) : 0;
      const twinNames = request.tenant ? await twinNamesOf(db, request.tenant.id) : undefined;
      const hits = await searchPartners(db, { ...filters, limit: limit + 1, offset, twinNames });
      const items = hits
        .slice(0, limit)
        .map(({ organisationId, ...hit }) => ({ id: organisationId, ...hit }));
      return {
        items,
        nextCursor: hits.length > limit ? encodeCursorValues([offset + limit, fingerprint]) : null,
      };
    },
  );
};

function listOf(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

function checked(
  values: string[] | undefined,
  allowed: readonly string[],
  name: string,
): string[] | undefined {
  const wrong = values?.find((value) => !allowed.includes(value));
  if (wrong) throw new InvalidInput(`${name}: "${wrong}" is not one of ${allowed.join(', ')}`);
  return values;
}

function offsetOf(cursor: string, fingerprint: string): number {
  const [offset, of] = decodeCursorValues(cursor, 2);
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || of !== fingerprint)
    throw new InvalidInput(INVALID_CURSOR);
  return offset;
}
