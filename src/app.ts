import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { accessPlugin } from './auth/access-plugin.js';
import { callRoutes } from './calls/routes.js';
import { StatusSweeper } from './calls/status-sweeper.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { healthRoutes, type ReadinessCheck } from './health/routes.js';
import { registerErrorHandling } from './http/errors.js';
import type { Logger } from './logger.js';
import { sourceRoutes } from './sources/routes.js';

interface AppDependencies {
  db: Database;
  logger: Logger;
  /** The application's clock: what "now" is for every status the API shows. */
  clock: Clock;
  readinessChecks: ReadinessCheck[];
  config: Pick<Config, 'api'>;
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
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

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
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(accessPlugin, { db: deps.db, publicCallData: deps.config.api.publicCallData });
  await app.register(healthRoutes, { checks: deps.readinessChecks });
  const statuses = new StatusSweeper({ db: deps.db, clock: deps.clock, logger: deps.logger });
  await app.register(callRoutes, { db: deps.db, statuses, clock: deps.clock });
  await app.register(sourceRoutes, { db: deps.db });
  return app;
}
