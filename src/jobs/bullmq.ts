import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { isNotConnectionError, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Logger } from '../logger.js';
import {
  type EnqueueOptions,
  type JobName,
  type JobPayload,
  type JobQueue,
  type Processors,
  type QueueName,
  queueOptions,
  type SchedulerDefinition,
} from './contract.js';
import { runJob, validatePayload } from './dispatch.js';

const queueNames = Object.keys(queueOptions) as QueueName[];

function jobOptions(queue: QueueName) {
  const { attempts, backoffMs } = queueOptions[queue];
  return {
    attempts,
    backoff: { type: 'exponential' as const, delay: backoffMs },
    // Keep enough history to inspect, not so much that Redis grows without bound.
    removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** While Redis stays down, the same connection error is logged again at most this often. */
const OUTAGE_LOG_INTERVAL_MS = 60_000;

type OutageLogger = Pick<Logger, 'warn' | 'info'>;

/**
 * Connection errors of the producer, logged when the connection goes down, again at most
 * once a minute while it stays down (ioredis retries several times a second), and when it
 * is back. Without a listener an 'error' event would reach the console (BullMQ queues) or
 * crash the process (ioredis).
 */
class RedisOutageReporter {
  private down = false;
  private lastLoggedAt = 0;
  private suppressed = 0;

  constructor(private readonly logger: OutageLogger) {}

  error(error: unknown): void {
    const now = performance.now();
    if (this.down && now - this.lastLoggedAt < OUTAGE_LOG_INTERVAL_MS) {
      this.suppressed += 1;
      return;
    }
    this.logger.warn(
      { err: error, repeatedErrors: this.suppressed },
      this.down
        ? 'Redis still unreachable: enqueues fail'
        : 'Redis connection lost: enqueues fail until it is back',
    );
    this.down = true;
    this.lastLoggedAt = now;
    this.suppressed = 0;
  }

  ready(): void {
    if (!this.down) return;
    this.logger.info({ repeatedErrors: this.suppressed }, 'Redis connection restored');
    this.down = false;
    this.suppressed = 0;
  }
}

/** A socket error (ECONNRESET, ECONNREFUSED…) or BullMQ's own word for a closed connection. */
function isConnectionError(error: Error): boolean {
  return 'syscall' in error || !isNotConnectionError(error);
}

/** For producers built without a logger (scripts, tests): warnings still reach stderr. */
const fallbackLogger = pino({ level: 'warn' }, pino.destination(2));

/** Producer side: the API and CLI enqueue; a Redis outage fails fast instead of queueing in memory. */
export class BullmqJobQueue implements JobQueue {
  readonly connection: Redis;
  private readonly queues: Map<QueueName, Queue>;

  private readonly schedulerLockKey: string;

  constructor(redisUrl: string, prefix = 'callradar', logger: OutageLogger = fallbackLogger) {
    this.schedulerLockKey = `${prefix}:schedulers:lock`;
    const outages = new RedisOutageReporter(logger);
    // BullMQ's production guide: producers should not buffer commands while Redis is down.
    this.connection = new Redis(redisUrl, { enableOfflineQueue: false, lazyConnect: false });
    // ioredis reconnects by itself; /ready and failed enqueues report the outage too.
    this.connection.on('error', (error) => outages.error(error));
    this.connection.on('ready', () => outages.ready());
    this.queues = new Map(
      queueNames.map((name) => {
        const queue = new Queue(name, { connection: this.connection, prefix });
        // A queue re-emits its connection's errors (counted with the outage), and has a few
        // of its own, which are logged each time.
        queue.on('error', (error) => {
          if (isConnectionError(error)) outages.error(error);
          else logger.warn({ err: error, queue: name }, 'job queue error');
        });
        return [name, queue];
      }),
    );
  }

  async enqueue<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options: EnqueueOptions = {},
  ): Promise<void> {
    validatePayload(queue, job, payload);
    await this.connected();
    await this.queue(queue).add(job, payload, { ...jobOptions(queue), jobId: options.jobId });
  }

  async ping(): Promise<void> {
    await this.connected();
    await this.connection.ping();
  }

  /**
   * Without an offline queue, a command sent before the first connection completes fails at
   * once; wait (briefly) for that first connection instead.
   */
  private async connected(): Promise<void> {
    if (this.connection.status === 'ready') return;
    if (!['connecting', 'connect', 'reconnecting', 'wait'].includes(this.connection.status)) {
      throw new Error(`Redis connection is ${this.connection.status}`);
    }
    await once(this.connection, 'ready', { signal: AbortSignal.timeout(5_000) });
  }

  /**
   * Upserts every declared scheduler by its stable id and removes the ones no longer
   * declared. A short Redis lock keeps several workers starting together from doing it twice.
   */
  async reconcileSchedulers(
    declared: SchedulerDefinition[],
  ): Promise<{ upserted: number; removed: number } | null> {
    await this.connected();
    const lock = await this.connection.set(
      this.schedulerLockKey,
      String(process.pid),
      'EX',
      60,
      'NX',
    );
    if (lock !== 'OK') return null;
    let removed = 0;
    try {
      for (const name of queueNames) {
        const queue = this.queue(name);
        const wanted = declared.filter((scheduler) => scheduler.queue === name);
        for (const scheduler of wanted) {
          await queue.upsertJobScheduler(
            scheduler.id,
            { pattern: scheduler.pattern, tz: 'UTC' },
            { name: scheduler.job, data: scheduler.payload, opts: jobOptions(name) },
          );
        }
        const wantedIds = new Set(wanted.map((scheduler) => scheduler.id));
        for (const existing of await queue.getJobSchedulers()) {
          if (existing.key && !wantedIds.has(existing.key)) {
            await queue.removeJobScheduler(existing.key);
            removed += 1;
          }
        }
      }
    } finally {
      await this.connection.del(this.schedulerLockKey);
    }
    return { upserted: declared.length, removed };
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }
}

/** Consumer side: one BullMQ worker per queue, running the shared processors. */
export function startBullmqWorkers(
  redisUrl: string,
  processors: Processors,
  logger: Logger,
  prefix = 'callradar',
): { close: () => Promise<void> } {
  // Workers must wait for Redis forever rather than give up on a command (BullMQ docs).
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const workers = queueNames.map((name) => {
    const worker = new Worker(
      name,
      (job: Job) =>
        runJob(processors, name, job.name, job.data, {
          attempt: job.attemptsMade + 1,
          jobId: job.id ?? '',
        }),
      { connection, prefix, concurrency: queueOptions[name].concurrency },
    );
    worker.on('error', (error) => logger.error({ err: error, queue: name }, 'worker error'));
    worker.on('failed', (job, error) =>
      logger.warn(
        { err: error, queue: name, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade },
        'job failed',
      ),
    );
    return worker;
  });
  return {
    close: async () => {
      // Worker.close waits for active jobs to finish; no sleeping needed afterwards.
      await Promise.all(workers.map((worker) => worker.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
