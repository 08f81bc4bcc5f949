import closeWithGrace from 'close-with-grace';
import { desc } from 'drizzle-orm';
import { HttpClient } from '../scrapers/http/client.js';
import { buildApp } from './app.js';
import { ensureFirstRunAdminKey } from './auth/first-run-admin-key.js';
import { advanceCallStatuses } from './calls/advance-statuses.js';
import { systemClock } from './clock.js';
import { loadConfig } from './config.js';
import {
  openServiceDatabase,
  refuseToStart,
  serveCliCommands,
} from './control/embedded-service.js';
import { sourceRuns } from './db/schema/index.js';
import type { Mailer } from './digests/mailer.js';
import { digestSettings } from './digests/settings.js';
import type { ReadinessCheck } from './health/routes.js';
import { startRunRecovery } from './ingest/run-lease.js';
import { BullmqJobQueue } from './jobs/bullmq.js';
import type { JobQueue } from './jobs/contract.js';
import { InProcessRunner } from './jobs/in-process.js';
import { inProcessDelivery, OutboxRelay } from './jobs/outbox.js';
import { declaredSchedulers } from './jobs/schedulers.js';
import { createLogger } from './logger.js';
import { createProcessors } from './processors/index.js';
import { inProcessSchedulers } from './processors/reconcile-schedulers.js';
import { ensureBuiltInSources, FT_PORTAL_SOURCE_ID } from './sources/built-in.js';
import { importExamplesIfEmpty } from './tenants/examples.js';

/**
 * `npm start`. With DATABASE_URL and REDIS_URL: the API only (workers run as their own
 * processes). Without them: the embedded default, API and jobs in this one process on
 * PGlite, no setup.
 */
const config = loadConfig();
const logger = createLogger(config);
// Embedded: refuses at once, naming the holder, if another process has the PGlite folder.
const database = await openServiceDatabase(config, logger, systemClock).catch(
  refuseToStart(logger),
);
const embedded = database.driver === 'pglite';
await ensureBuiltInSources(database.db, config, systemClock);
// Statuses as of this start, before the first request: the last poll may be weeks old.
await advanceCallStatuses({ db: database.db, clock: systemClock, logger });
// Zero setup: the first start of the embedded default makes an admin key (DATA_DIR/admin-key).
if (embedded) {
  await ensureFirstRunAdminKey({
    db: database.db,
    dataDir: config.dataDir,
    clock: systemClock,
    logger,
  });
}

const readinessChecks: ReadinessCheck[] = [{ name: 'database', check: database.ping }];
let jobs: JobQueue;
let http: HttpClient | null = null;
// The embedded runner's digest jobs share one mailer, closed once the runner has stopped.
let mailer: Mailer | null = null;
let relay: OutboxRelay | null = null;
let recovery: { close(): void } | null = null;
if (config.redisUrl) {
  const queue = new BullmqJobQueue(config.redisUrl, config.bullmqPrefix, logger);
  readinessChecks.push({ name: 'redis', check: () => queue.ping() });
  jobs = queue;
  // Follow-ups the API records (a re-match after a profile change, a poll asked for) go to
  // BullMQ from here at once; the workers' relays would take them too, a little later.
  relay = new OutboxRelay({ db: database.db, logger }, { kind: 'forward', queue }).start(
    config.jobs.outboxRelayIntervalMs,
  );
} else {
  http = new HttpClient(config.http);
  // Follow-ups (job_outbox) run here; this runner keeps jobs in memory only, so a row stays
  // until its job has run and a restart picks up what a crash interrupted.
  const outbox = new OutboxRelay(
    { db: database.db, logger },
    inProcessDelivery(() => runner),
  );
  const digests = digestSettings(config);
  mailer = digests.mailer;
  const runner: InProcessRunner = new InProcessRunner(
    createProcessors({
      db: database.db,
      http,
      logger,
      clock: systemClock,
      jobs: () => runner,
      outbox,
      runLeaseMs: config.jobs.runLeaseMs,
      // A source enabled, disabled or rescheduled through the API re-arms these timers.
      schedulers: inProcessSchedulers(() => runner),
      digests,
    }),
    logger,
    systemClock,
  );
  recovery = startRunRecovery(
    { db: database.db, logger, clock: systemClock },
    config.jobs.runLeaseMs / 2,
  );
  relay = outbox.start(config.jobs.outboxRelayIntervalMs);
  runner.schedule(await declaredSchedulers(database.db));
  jobs = runner;
  // A fresh embedded install has nothing to show: the example municipalities, and a poll now
  // rather than at the next scheduled time.
  if (await importExamplesIfEmpty(database.db, systemClock))
    await runner.enqueue('matching', 'rematch-all', {});
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

const app = await buildApp({
  db: database.db,
  logger,
  readinessChecks,
  clock: systemClock,
  config,
  followUps: { poke: () => relay?.poke() },
});
// The CLI works through this process instead of opening the embedded folder a second time.
const cli = embedded
  ? await serveCliCommands({ db: database.db, logger, config, clock: systemClock })
  : null;
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
  await cli?.close();
  await app.close();
  recovery?.close();
  // No new follow-ups handed to the runner; the runner finishes its job; the relay then
  // removes the rows of jobs that ran (abandoned ones stay for the next start).
  relay?.stop();
  await jobs.close();
  await relay?.close();
  await http?.close();
  mailer?.close();
  await database.close();
});
