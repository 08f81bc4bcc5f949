import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { Clock } from '../clock.js';
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
import { runJob } from './dispatch.js';

interface PendingJob {
  queue: QueueName;
  job: string;
  payload: unknown;
  jobId: string;
  /** Told how the job ended (see run). */
  settled: Array<(outcome: JobOutcome) => void>;
}

/** How a job queued with run() ended: 'abandoned' when the runner closed before it ran. */
type JobOutcome = 'succeeded' | 'failed' | 'abandoned';

/**
 * The embedded default's job runner: the same processors and retry policy as the BullMQ
 * workers, run in this process, one job at a time per queue. Jobs live in memory, so a
 * crash loses queued polls, and the next scheduled tick brings them back.
 */
export class InProcessRunner implements JobQueue {
  private readonly pending = new Map<QueueName, PendingJob[]>();
  private readonly running = new Map<QueueName, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private sequence = 0;

  constructor(
    private readonly processors: Processors,
    private readonly logger: Logger,
    /** When scheduled jobs are due (timers still wait in real time). */
    private readonly clock: Clock,
  ) {}

  async enqueue<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options: EnqueueOptions = {},
  ): Promise<void> {
    this.add(queue, job, payload, options);
  }

  /**
   * Queues a job like enqueue and resolves once it has ended. The outbox relay waits on it:
   * jobs here live only in memory, so a follow-up's row stays until its job has really run.
   */
  run<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options: EnqueueOptions = {},
  ): Promise<JobOutcome> {
    return new Promise((resolve) => this.add(queue, job, payload, options, resolve));
  }

  private add(
    queue: QueueName,
    job: string,
    payload: unknown,
    options: EnqueueOptions,
    settled?: (outcome: JobOutcome) => void,
  ): void {
    if (this.closed) throw new Error('the job runner is shutting down');
    const list = this.pending.get(queue) ?? [];
    const jobId = options.jobId ?? `${job}:${++this.sequence}`;
    const duplicate = options.jobId ? list.find((pending) => pending.jobId === jobId) : undefined;
    if (duplicate) {
      if (settled) duplicate.settled.push(settled);
      return;
    }
    list.push({ queue, job, payload, jobId, settled: settled ? [settled] : [] });
    this.pending.set(queue, list);
    if (!this.running.has(queue)) this.running.set(queue, this.drain(queue));
  }

  /** Starts timers for the declared schedulers (cron in UTC), replacing earlier ones. */
  schedule(schedulers: SchedulerDefinition[]): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const scheduler of schedulers) this.arm(scheduler);
  }

  /** Stops scheduling, lets the running job finish, drops what was still queued. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const list of this.pending.values()) {
      for (const item of list.splice(0)) for (const settle of item.settled) settle('abandoned');
    }
    await Promise.allSettled(this.running.values());
  }

  /** Resolves when every queue is empty and idle (the CLI and tests wait on this). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled(this.running.values());
  }

  private arm(scheduler: SchedulerDefinition): void {
    if (this.closed) return;
    const next = CronExpressionParser.parse(scheduler.pattern, {
      tz: 'UTC',
      currentDate: this.clock.now(),
    })
      .next()
      .getTime();
    // setTimeout caps at ~24.8 days; re-arm in steps for patterns further out than that.
    const delay = Math.min(Math.max(next - this.clock.now().getTime(), 0), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.clock.now().getTime() >= next - 1000) {
        const jobId = `${scheduler.id}:${next}`;
        this.enqueue(scheduler.queue, scheduler.job as never, scheduler.payload as never, {
          jobId,
        }).catch((error: unknown) =>
          this.logger.error({ err: error, scheduler: scheduler.id }, 'scheduled job not queued'),
        );
      }
      this.arm(scheduler);
    }, delay);
    this.timers.add(timer);
  }

  private async drain(queue: QueueName): Promise<void> {
    const list = this.pending.get(queue) ?? [];
    for (let item = list.shift(); item; item = list.shift()) {
      const outcome = await this.runWithRetries(item);
      for (const settle of item.settled) settle(outcome);
    }
    this.running.delete(queue);
  }

  private async runWithRetries(item: PendingJob): Promise<JobOutcome> {
    const { attempts, backoffMs } = queueOptions[item.queue];
    const log = this.logger.child({ queue: item.queue, job: item.job, jobId: item.jobId });
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        await runJob(this.processors, item.queue, item.job, item.payload, {
          attempt,
          jobId: item.jobId,
        });
        return 'succeeded';
      } catch (error) {
        const final = error instanceof UnrecoverableError || attempt === attempts || this.closed;
        log.error({ err: error, attempt }, final ? 'job failed' : 'job failed; will retry');
        if (final)
          return this.closed && !(error instanceof UnrecoverableError) ? 'abandoned' : 'failed';
        await sleep(backoffMs * 2 ** (attempt - 1));
      }
    }
    return 'failed';
  }
}
