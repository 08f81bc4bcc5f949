import closeWithGrace from 'close-with-grace';
import { HttpClient } from '../scrapers/http/client.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/client.js';
import { assertMigrated } from '../src/db/migrate.js';
import { digestSettings } from '../src/digests/settings.js';
import { startRunRecovery } from '../src/ingest/run-lease.js';
import { BullmqJobQueue, startBullmqWorkers } from '../src/jobs/bullmq.js';
import { OutboxRelay } from '../src/jobs/outbox.js';
import { declaredSchedulers } from '../src/jobs/schedulers.js';
import { createLogger } from '../src/logger.js';
import { createProcessors } from '../src/processors/index.js';
import { bullmqSchedulers } from '../src/processors/reconcile-schedulers.js';

/**
 * The worker process for production: consumes the BullMQ queues. Run as many as you like,
 * on any machines; they share the queues. The embedded default (`npm start` without
 * REDIS_URL) runs the same processors inside the API process instead.
 */
const config = loadConfig();
const logger = createLogger(config);
if (!config.redisUrl || !config.databaseUrl) {
  logger.fatal(
    'the worker needs REDIS_URL and DATABASE_URL; without them, `npm start` runs jobs in-process',
  );
  process.exit(1);
}
const database = openPostgres(config.databaseUrl, logger);
await assertMigrated(database);
const http = new HttpClient(config.http);
const producer = new BullmqJobQueue(config.redisUrl, config.bullmqPrefix, logger);
// Follow-up work recorded with the changes (job_outbox) goes into BullMQ from here: at start
// (what a crashed process left), after each poll, and every OUTBOX_RELAY_INTERVAL_MS.
const relay = new OutboxRelay({ db: database.db, logger }, { kind: 'forward', queue: producer });
const digests = digestSettings(config);
const processors = createProcessors({
  db: database.db,
  http,
  logger,
  clock: systemClock,
  jobs: () => producer,
  outbox: relay,
  runLeaseMs: config.jobs.runLeaseMs,
  // A source enabled, disabled or rescheduled through the API: a worker upserts them in Redis.
  schedulers: bullmqSchedulers(producer),
  digests,
});
const recovery = startRunRecovery(
  { db: database.db, logger, clock: systemClock },
  config.jobs.runLeaseMs / 2,
);
relay.start(config.jobs.outboxRelayIntervalMs);
const workers = startBullmqWorkers(config.redisUrl, processors, logger, config.bullmqPrefix);
const reconciled = await producer.reconcileSchedulers(await declaredSchedulers(database.db));
logger.info({ reconciled }, 'worker started');

closeWithGrace({ delay: 30_000, logger }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'worker stopping after an error');
  logger.info({ signal }, 'worker stopping: finishing active jobs');
  await workers.close();
  recovery.close();
  await relay.close();
  await producer.close();
  await http.close();
  // After the workers: no digest job is sending any more when its SMTP pool closes.
  digests.mailer.close();
  await database.close();
});
