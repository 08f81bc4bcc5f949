import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { revokeApiKey } from '../../src/auth/api-keys.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';

/**
 * Random and malformed requests across every route the app registers (read from its own
 * OpenAPI document, so routes added later are covered without touching this file): no answer
 * is a 5xx, and every error is exactly the documented shape. A failure prints fast-check's
 * seed and path; FUZZ_SEED and FUZZ_RUNS replay or widen a run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** Requests sent at once per run: the database waits overlap, as with real clients. */
const BATCH = 10;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const ORIGIN = 'https://intranet.example';

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}
interface RouteShape {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[];
}

/** Every operation of the document: method, path template, its parameter and field names. */
function routesOf(app: FastifyInstance): RouteShape[] {
  const paths = (app.swagger() as { paths: Record<string, Record<string, Operation>> }).paths;
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const named = (where: Parameter['in']) =>
        (operation.parameters ?? []).filter((p) => p.in === where).map((p) => p.name);
      const body = operation.requestBody?.content?.['application/json']?.schema?.properties;
      return {
        method: method.toUpperCase(),
        path,
        pathParams: named('path'),
        queryParams: named('query'),
        bodyFields: Object.keys(body ?? {}),
      };
    }),
  );
}

/** Percent-encodes any string as UTF-8 (lone surrogates become U+FFFD, as a browser's would). */
const encode = (value: string): string =>
  encodeURIComponent(value.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));

const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u202e\u200b',
    '😀🇸🇪',
    'ÅÄÖ åäö ø',
    '%',
    '..',
    '../..',
    "' or 1=1 --",
    'null',
    'true',
    '-1',
    '0',
    '1e309',
    'NaN',
    '9'.repeat(30),
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(10_000, 100_000).map((length) => 'x'.repeat(length)),
  // Cursors: junk, base64url of JSON of the wrong shape, of the right shape with odd values.
  fc.json({ maxDepth: 2 }).map((json) => Buffer.from(json).toString('base64url')),
  fc.constantFrom(
    'eyJ',
    'e30',
    '!!!',
    Buffer.from('{"s":"deadline","k":[null,"x"]}').toString('base64url'),
  ),
);
/** Raw URL pieces that are not valid percent-encoding. */
const brokenEncoding = fc.constantFrom(
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%00',
  '%FF%FE',
  '%2e%2e%2f',
);

describe('fuzzing every route', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let routes: RouteShape[];
  const plausible: string[] = [];
  const validKeys: string[] = [];
  const badKeys: string[] = [];
  const tags: Array<string | undefined> = [
    undefined,
    '*',
    '"stale"',
    'W/"stale"',
    'garbage',
    '"a", W/"b"',
    '""',
  ];
  let profileBody: unknown;
  const clock = new ManualClock(startOfLocalDay('2026-06-25', BRUSSELS));

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, '2026-06-25');
    const [lidingo, orebro] = (await exampleProfiles()).filter((e) =>
      ['lidingo', 'orebro'].includes(e.slug),
    );
    for (const example of [lidingo, orebro]) {
      if (!example) throw new Error('example profile missing');
      await importProfile(database.db, example.slug, example.profile, clock);
      plausible.push(example.slug, ...example.profile.areas.map((a) => a.key));
      plausible.push(...example.profile.departments.map((d) => d.key));
    }
    profileBody = lidingo?.profile;
    const calls = await queryRows<{ id: string; identifier: string }>(
      database.db,
      sql`select id, identifier from calls order by id limit 3`,
    );
    plausible.push(...calls.flatMap((call) => [call.id, call.identifier]));
    const keys = await Promise.all([
      testKey(database.db, clock, 'admin'),
      testKey(database.db, clock, 'coordinator', 'lidingo'),
      testKey(database.db, clock, 'reader', 'lidingo'),
      testKey(database.db, clock, 'coordinator', 'orebro'),
    ]);
    const revoked = await testKey(database.db, clock, 'reader', 'orebro');
    await revokeApiKey(database.db, revoked.id, clock);
    validKeys.push(...keys.map((k) => k.headers.authorization));
    badKeys.push(
      revoked.headers.authorization,
      'Bearer',
      'Bearer cr_nope',
      'Basic dXNlcjpwYXNz',
      `Bearer ${'a'.repeat(5000)}`,
      'bearer  x  y',
    );

    app = await buildTestApp({
      db: database.db,
      clock,
      // The fuzz must reach the routes, not the limiter.
      api: { rateLimitPerMinute: 10_000_000, corsOrigins: [ORIGIN] },
    });
    await app.ready();
    routes = routesOf(app);
    // Tags the app really gave (a foreign tag for every other route).
    for (const url of ['/v1/calls', '/v1/sources'])
      tags.push(String((await app.inject({ url })).headers.etag));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  function requestArbitrary(): fc.Arbitrary<InjectOptions> {
    const value = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...plausible) },
      { weight: 3, arbitrary: nastyText },
    );
    const segment = fc.oneof(
      { weight: 6, arbitrary: value.map(encode) },
      { weight: 1, arbitrary: brokenEncoding },
    );
    return fc.constantFrom(...routes).chain((route) =>
      fc
        .record({
          method: fc.oneof(
            { weight: 5, arbitrary: fc.constant(route.method) },
            { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
          ),
          segments: fc.tuple(...route.pathParams.map(() => segment)),
          query: fc.array(
            fc.tuple(
              fc.oneof(fc.constantFrom(...route.queryParams, 'unknown'), nastyText),
              fc.oneof(value.map(encode), brokenEncoding),
            ),
            { maxLength: 4 },
          ),
          // Mostly no key or a valid one of each role, so requests get past authentication.
          authorization: fc.oneof(
            { weight: 3, arbitrary: fc.constant(undefined) },
            { weight: 4, arbitrary: fc.constantFrom(...validKeys) },
            { weight: 2, arbitrary: fc.constantFrom(...badKeys) },
          ),
          tenant: fc.constantFrom(undefined, 'lidingo', 'orebro', 'nowhere', ''),
          ifNoneMatch: fc.constantFrom(...tags),
          language: fc.constantFrom(
            undefined,
            'sv',
            'nb',
            'en',
            'xx',
            'sv-SE,sv;q=0.9,en;q=0.5',
            '*;q=abc',
          ),
          origin: fc.constantFrom(undefined, ORIGIN, 'https://elsewhere.example'),
          body: fc.oneof(
            fc.constant(undefined),
            fc.json({ maxDepth: 2 }),
            // Known fields (and one unknown), each present or not, with any JSON value.
            fc
              .record(
                Object.fromEntries(
                  [...route.bodyFields, 'unknown'].map((field) => [
                    field,
                    fc.jsonValue({ maxDepth: 2 }),
                  ]),
                ),
                { requiredKeys: [] },
              )
              .map((fields) => JSON.stringify(fields)),
            fc.constant(JSON.stringify(profileBody)),
            fc
              .tuple(
                fc.constantFrom('areas', 'departments', 'tenant', 'languages'),
                fc.jsonValue({ maxDepth: 2 }),
              )
              .map(([field, junk]) =>
                JSON.stringify({ ...(profileBody as object), [field]: junk }),
              ),
            fc.constantFrom(
              '{',
              '{"a":',
              '[1,]',
              '\u0000',
              'null',
              '""',
              '{"__proto__":{"x":1}}',
              `{"a":"${'b'.repeat(200_000)}"}`,
            ),
          ),
          contentType: fc.constantFrom(
            undefined,
            'application/json',
            'application/json; charset=utf-8',
            'text/plain',
            'application/xml',
            'multipart/form-data',
          ),
        })
        .map((r) => {
          let index = 0;
          const path = route.path.replace(/\{[^}]+\}/g, () => r.segments[index++] ?? '');
          const query = r.query.map(([name, v]) => `${encode(name)}=${v}`).join('&');
          const headers: Record<string, string> = {};
          if (r.authorization !== undefined) headers.authorization = r.authorization;
          if (r.tenant !== undefined) headers['x-tenant'] = r.tenant;
          if (r.ifNoneMatch !== undefined) headers['if-none-match'] = r.ifNoneMatch;
          if (r.language !== undefined) headers['accept-language'] = r.language;
          if (r.origin !== undefined) headers.origin = r.origin;
          if (r.contentType !== undefined) headers['content-type'] = r.contentType;
          const withBody = r.body !== undefined && !['GET', 'HEAD'].includes(r.method);
          return {
            method: r.method as InjectOptions['method'],
            url: query ? `${path}?${query}` : path,
            headers,
            ...(withBody ? { payload: r.body } : {}),
          };
        }),
    );
  }

  /** Why this answer breaks the contract, or null when it keeps it. */
  function violation(
    request: InjectOptions,
    response: Awaited<ReturnType<FastifyInstance['inject']>>,
  ): string | null {
    if (response.statusCode >= 500) return `${response.statusCode}: ${response.body.slice(0, 300)}`;
    if (response.statusCode < 400 || request.method === 'HEAD') return null;
    if (!String(response.headers['content-type']).startsWith('application/json')) {
      return `error with content type ${response.headers['content-type']}`;
    }
    const body = JSON.parse(response.body) as Record<string, unknown>;
    const keys = Object.keys(body).sort().join(',');
    if (keys !== 'error,message,requestId,statusCode') return `error body keys ${keys}`;
    if (body.statusCode !== response.statusCode) return 'statusCode differs from the status';
    if (typeof body.message !== 'string' || typeof body.error !== 'string')
      return 'message or error not a string';
    if (body.requestId !== response.headers['x-request-id'])
      return 'requestId differs from X-Request-Id';
    return null;
  }

  it(`keeps the error contract over ${RUNS} random requests`, async () => {
    expect(routes.length).toBeGreaterThan(0);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(requestArbitrary(), { minLength: BATCH, maxLength: BATCH }),
        async (batch) => {
          const responses = await Promise.all(batch.map((request) => app.inject(request)));
          for (const [index, response] of responses.entries()) {
            const request = batch[index] as InjectOptions;
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            const problem = violation(request, response);
            if (problem) throw new Error(`${request.method} ${request.url}: ${problem}`);
          }
        },
      ),
      { numRuns: Math.ceil(RUNS / BATCH), seed: SEED, endOnFailure: true },
    );
    // The run reached handlers, not only rejections.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 20);
    console.info(
      `fuzz: ${routes.length} routes, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }, 180_000);
});
