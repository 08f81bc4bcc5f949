import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../src/auth/principal.js';
import { systemClock } from '../../src/clock.js';
import { buildTestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const ACCESS_KINDS: RouteAccess[] = [
  'public',
  'any-key',
  'tenant-read',
  'tenant-write',
  'admin',
  'feed-token',
  'recipient-token',
];
const KEY = [{ apiKey: [] }];
const securityOf: Record<RouteAccess, unknown> = {
  public: [{}, ...KEY],
  'feed-token': [],
  'recipient-token': [],
  'any-key': KEY,
  'tenant-read': KEY,
  'tenant-write': KEY,
  admin: KEY,
};

interface Operation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
interface Document {
  components: {
    securitySchemes: Record<string, { type: string; scheme: string }>;
    schemas: Record<string, unknown>;
  };
  paths: Record<string, Record<string, Operation>>;
}

describe('the OpenAPI document', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let document: Document;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp({ db: database.db, clock: systemClock });
    // One route per access kind, added the way any domain's routes are.
    for (const access of ACCESS_KINDS) {
      app.get(
        `/v1/test/${access}`,
        { config: { access }, schema: { summary: access } },
        async () => ({}),
      );
    }
    await app.ready();
    document = app.swagger() as unknown as Document;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('validates with swagger-parser', async () => {
    // The validator dereferences in place: give it a copy, not the app's document.
    const copy = structuredClone(document) as unknown as Parameters<
      typeof SwaggerParser.validate
    >[0];
    await expect(SwaggerParser.validate(copy)).resolves.toBeTruthy();
  });

  it('names bearer keys and gives each route the security its access declares', () => {
    expect(document.components.securitySchemes.apiKey).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const access of ACCESS_KINDS) {
      expect(document.paths[`/v1/test/${access}`]?.get?.security, access).toEqual(
        securityOf[access],
      );
    }
    const forms = [...new Set(Object.values(securityOf).map((form) => JSON.stringify(form)))];
    for (const [path, operations] of Object.entries(document.paths).filter(([p]) =>
      p.startsWith('/v1'),
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(forms, `${method} ${path}`).toContain(JSON.stringify(operation.security));
      }
    }
    // The calls are public call data (PUBLIC_CALL_DATA defaults to true): a key is optional.
    expect(document.paths['/v1/calls']?.get?.security).toEqual([{}, { apiKey: [] }]);
  });

  it('points every error response of every route at the one ErrorResponse schema', () => {
    expect(document.components.schemas.ErrorResponse).toMatchObject({
      required: ['statusCode', 'error', 'message', 'requestId'],
    });
    for (const [path, operations] of Object.entries(document.paths).filter(([p]) =>
      p.startsWith('/v1'),
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const status of ['401', '429', '503']) {
          const content = operation.responses[status]?.content;
          const schema = content?.['application/json']?.schema;
          expect(schema?.$ref, `${method} ${path} ${status}`).toBe(
            '#/components/schemas/ErrorResponse',
          );
        }
      }
    }
  });

  it('requires a key for call data when PUBLIC_CALL_DATA is off', async () => {
    const closed = await buildTestApp({
      db: database.db,
      clock: systemClock,
      api: { publicCallData: false },
    });
    try {
      await closed.ready();
      const paths = (closed.swagger() as unknown as Document).paths;
      expect(paths['/v1/calls']?.get?.security).toEqual([{ apiKey: [] }]);
    } finally {
      await closed.close();
    }
  });
});
