import closeWithGrace from 'close-with-grace';
import { desc } from 'drizzle-orm';
import { HttpClient } from '../scrapers/http/client.js';
import { createProcessors } from '../workers/processors/index.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { assertMigrated, migratePglite } from './db/migrate.js';
import { sourceRuns } from './db/schema/index.js';
import type { ReadinessCheck } from './health/routes.js';
import { BullmqJobQueue } from './jobs/bullmq.js';
import type { JobQueue } from './jobs/contract.js';
import { InProcessRunner } from './jobs/in-process.js';
import { declaredSchedulers } from './jobs/schedulers.js';
import { createLogger } from './logger.js';
import { ensureBuiltInSources, FT_PORTAL_SOURCE_ID } from './sources/built-in.js';
import { importExamplesIfEmpty } from './tenants/examples.js';

/**
 * `npm start`. With DATABASE_URL and REDIS_URL: the API only (workers run as their own
 * processes). Without them: the embedded default, API and jobs in this one process on
 * PGlite, no setup.
 */
const config = loadConfig();
const logger = createLogger(config);
const database = await openDatabase(config, logger);
const embedded = database.driver === 'pglite';
if (embedded) await migratePglite(database);
else await assertMigrated(database);
await ensureBuiltInSources(database.db, config);

const readinessChecks: ReadinessCheck[] = [{ name: 'database', check: database.ping }];
let jobs: JobQueue;
let http: HttpClient | null = null;
if (config.redisUrl) {
  const queue = new BullmqJobQueue(config.redisUrl, config.bullmqPrefix, logger);
  readinessChecks.push({ name: 'redis', check: () => queue.ping() });
  jobs = queue;
} else {
  http = new HttpClient(config.http);
  const runner: InProcessRunner = new InProcessRunner(
    createProcessors({
      db: database.db,
      http,
      logger,
      jobs: () => runner,
    }),
    logger,
  );
  runner.schedule(await declaredSchedulers(database.db));
  jobs = runner;
  // A fresh embedded install has nothing to show: the example municipalities, and a poll now
  // rather than at the next scheduled time.
  if (await importExamplesIfEmpty(database.db)) await runner.enqueue('matching', 'rematch-all', {});
  const [anyRun] = await database.db
    .select()
    .from(sourceRuns)
    .orderBy(desc(sourceRuns.id))
    .limit(1);
  if (!anyRun)
    await runner.enqueue('sources', 'poll-source', {
      sourceId: FT_PORTAL_SOURCE_ID,
      trigger: 'manual',
    });
}

const app = await buildApp({ db: database.db, logger, readinessChecks });
await app.listen({ port: config.port, host: config.host });
logger.info(
  {
    mode: embedded ? 'embedded' : 'postgres',
    jobs: config.redisUrl ? 'bullmq' : 'in-process',
    docs: '/docs',
  },
  'callradar is up',
);

// Ordered shutdown under a hard deadline: stop taking requests, finish jobs, then storage.
closeWithGrace({ delay: 15_000, logger }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'stopping after an error');
  logger.info({ signal }, 'shutting down');
  await app.close();
  await jobs.close();
  await http?.close();
  await database.close();
});
