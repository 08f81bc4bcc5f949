import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { accessPlugin } from './auth/access-plugin.js';
import { apiKeyRoutes } from './auth/routes.js';
import { callRoutes } from './calls/routes.js';
import { StatusSweeper } from './calls/status-sweeper.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { digestRoutes } from './digests/routes.js';
import { feedRoutes } from './feeds/routes.js';
import { healthRoutes, type ReadinessCheck } from './health/routes.js';
import { clientErrorHandler } from './http/client-errors.js';
import { conditionalGets } from './http/conditional-get.js';
import { answerFrameworkError, registerErrorHandling } from './http/errors.js';
import { nulByteGuard } from './http/nul-bytes.js';
import { openApiAccess, securitySchemes } from './http/openapi.js';
import { rateLimiting } from './http/rate-limit.js';
import { DOCS_CSP, securityHeaders } from './http/security-headers.js';
import type { Logger } from './logger.js';
import { callerMatchesAddition } from './matching/caller-matches.js';
import { matchRoutes } from './matching/routes.js';
import { partnerRoutes } from './partners/routes.js';
import { sourceAdminRoutes } from './sources/admin-routes.js';
import { sourceRoutes } from './sources/routes.js';
import { profileRoutes } from './tenants/profile-routes.js';
import { tenantRoutes } from './tenants/tenant-routes.js';

interface AppDependencies {
  db: Database;
  logger: Logger;
  /** The application's clock: what "now" is for every status the API shows. */
  clock: Clock;
  readinessChecks: ReadinessCheck[];
  config: Pick<Config, 'api' | 'digests' | 'http'>;
  /**
   * Told after a request committed follow-up work (job_outbox): the relay drains it now
   * rather than at its next interval.
   */
  followUps: { poke(): void };
}

/** Composition only: the same app for production, the embedded default and tests. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast only widens fastify's generic.
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Explicit timeouts: a slow client must not hold a socket forever.
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    bodyLimit: 1_048_576,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    // Errors made before routing (the HTTP parser's, the router's) in the API's error shape.
    clientErrorHandler: clientErrorHandler(deps.logger),
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // onRequest hooks run in this order: security headers and CORS preflights, then the rate
  // limit, then the access plugin's key lookup (so neither a preflight nor a refused request
  // costs a database query).
  await app.register(securityHeaders, { corsOrigins: deps.config.api.corsOrigins });
  await app.register(rateLimiting, { perMinute: deps.config.api.rateLimitPerMinute });
  await app.register(accessPlugin, {
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    publicCallData: deps.config.api.publicCallData,
  });
  await app.register(openApiAccess);
  await app.register(conditionalGets);
  await app.register(nulByteGuard);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'callradar API',
        version: '0.1.0',
        description: 'EU, EEA/Norway Grants and Interreg funding calls for municipalities.',
      },
      tags: [
        { name: 'calls', description: 'Funding calls' },
        { name: 'sources', description: 'Where calls come from' },
        { name: 'feeds', description: "A department's matches for the intranet and calendars" },
        { name: 'matches', description: "A tenant's matched calls" },
        { name: 'feedback', description: "A coordinator's verdicts on matches" },
        { name: 'tenants', description: 'Municipalities and their profiles' },
        { name: 'keys', description: 'API keys and their roles (admin)' },
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'partners', description: "The international coordinator's partner search" },
        { name: 'profile', description: "A tenant's areas and departments" },
        {
          name: 'digests',
          description: "Departments' weekly email digests: history, preview, recipients' links",
        },
      ],
      components: { securitySchemes },
    },
    // Shared schemas appear under their own $id (ErrorResponse), not as def-0.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    // The UI would otherwise send the document to validator.swagger.io for a badge.
    uiConfig: { validatorUrl: null },
  });

  await app.register(healthRoutes, { checks: deps.readinessChecks });
  const statuses = new StatusSweeper({ db: deps.db, clock: deps.clock, logger: deps.logger });
  await app.register(callRoutes, {
    db: deps.db,
    statuses,
    clock: deps.clock,
    detailAddition: callerMatchesAddition(deps.db, deps.clock),
  });
  await app.register(matchRoutes, { ...deps, statuses });
  await app.register(sourceRoutes, { db: deps.db });
  await app.register(profileRoutes, { db: deps.db, clock: deps.clock, followUps: deps.followUps });
  await app.register(feedRoutes, {
    db: deps.db,
    clock: deps.clock,
    statuses,
    publicBaseUrl: deps.config.api.publicBaseUrl,
  });
  await app.register(sourceAdminRoutes, deps);
  await app.register(partnerRoutes, { db: deps.db });
  await app.register(apiKeyRoutes, deps);
  await app.register(tenantRoutes, deps);
  await app.register(digestRoutes, {
    db: deps.db,
    clock: deps.clock,
    publicBaseUrl: deps.config.api.publicBaseUrl,
    config: deps.config.digests,
  });
  return app;
}
