import { UnrecoverableError } from 'bullmq';
import { inArray, notInArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { jobOutbox } from '../db/schema/index.js';
import type { Logger } from '../logger.js';
import type { JobName, JobPayload, JobQueue, QueueName } from './contract.js';
import { validatePayload } from './dispatch.js';
import type { InProcessRunner } from './in-process.js';

/** A transaction handle: the same drizzle API as the database. */
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Records follow-up work inside the caller's transaction: it exists exactly when the change
 * that calls for it committed ("commit, then enqueue" loses the work on a crash in between).
 * The relay below then hands it to the job queue. Validated now, so a bad payload fails the
 * transaction that wrote it rather than the relay later.
 */
export async function recordFollowUp<Q extends QueueName, J extends JobName<Q>>(
  tx: Tx,
  queue: Q,
  job: J,
  payload: JobPayload<Q, J>,
  createdAt: Date,
): Promise<void> {
  validatePayload(queue, job, payload);
  await tx.insert(jobOutbox).values({ queue, job, payload: payload as never, createdAt });
}

export type OutboxRow = typeof jobOutbox.$inferSelect;

/**
 * How the relay hands rows on.
 * - forward: into a durable queue (BullMQ). Rows are claimed with FOR UPDATE SKIP LOCKED, so
 *   relays in several processes never take the same row at once, and deleted in the same
 *   transaction once queued. A crash after the enqueue but before the commit re-enqueues the
 *   row later under the same job id (`outbox-<id>`), which BullMQ ignores while it still
 *   holds that job; processors are idempotent for the rare case it no longer does.
 * - run: into a runner that keeps jobs in memory only (the embedded in-process runner, the
 *   CLI). Then the row stays until its job has actually run ('done'); 'keep' leaves it for a
 *   later pass or the next process (a job abandoned at shutdown). One process per embedded
 *   folder, so no claim is needed there; a CLI beside BullMQ workers on PostgreSQL may run a
 *   row a worker relay also forwards, which idempotent processors make harmless.
 */
type OutboxDelivery =
  | { kind: 'forward'; queue: JobQueue }
  | { kind: 'run'; run: (row: OutboxRow) => Promise<'done' | 'keep'> };

/**
 * The embedded default's delivery: each row run by the in-process runner and removed once
 * its job ended (succeeded, or failed every attempt as BullMQ would leave it); a job
 * abandoned at shutdown keeps its row. A function: the runner is built after the relay.
 */
export function inProcessDelivery(runner: () => Pick<InProcessRunner, 'run'>): OutboxDelivery {
  return {
    kind: 'run',
    run: async (row) => {
      const outcome = await runner().run(
        row.queue as QueueName,
        row.job as never,
        row.payload as never,
        {
          jobId: outboxJobId(row),
        },
      );
      return outcome === 'abandoned' ? 'keep' : 'done';
    },
  };
}

/** Rows per claim: one transaction of enqueues stays short. */
const BATCH = 100;

const outboxJobId = (row: Pick<OutboxRow, 'id'>) => `outbox-${row.id}`;

/**
 * Drains job_outbox into the queue: at start (rows a crashed process left), whenever poked
 * after a commit that recorded follow-ups, and every `intervalMs` (rows other processes
 * recorded, or a pass that failed).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Rows a 'run' pass has started already: one that failed or was kept waits for the next pass. */
  private readonly startedThisPass = new Set<number>();

  constructor(
    private readonly deps: { db: Database; logger: Logger },
    private readonly delivery: OutboxDelivery,
  ) {}

  start(intervalMs: number): this {
    this.poke();
    this.timer = setInterval(() => this.poke(), intervalMs);
    this.timer.unref();
    return this;
  }

  /** Drain soon; a pass already under way runs once more instead of in parallel. */
  poke(): void {
    if (this.closed) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.passes().finally(() => {
      this.pass = null;
    });
  }

  /**
   * One pass until the table holds nothing this relay can take, and, for 'run', until the
   * jobs it started have ended (the CLI waits on this). Errors propagate.
   */
  async drain(): Promise<void> {
    this.startedThisPass.clear();
    while (await this.drainOnce()) {}
    await Promise.all(this.inFlight.values());
  }

  /** No more passes; what is under way goes on (see close). */
  stop(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Stops, then waits for the pass and the jobs under way to end and their rows to go. */
  async close(): Promise<void> {
    this.stop();
    await this.pass;
    await Promise.all(this.inFlight.values());
  }

  private async passes(): Promise<void> {
    do {
      this.again = false;
      this.startedThisPass.clear();
      try {
        while (!this.closed && (await this.drainOnce())) {}
      } catch (error) {
        // The rows stay; the next poke or interval tries again.
        this.deps.logger.error({ err: error }, 'outbox relay pass failed');
      }
    } while (this.again && !this.closed);
  }

  /** Hands on one batch; true when a full batch was taken (there may be more). */
  private async drainOnce(): Promise<boolean> {
    return this.delivery.kind === 'forward'
      ? this.forwardBatch(this.delivery.queue)
      : this.startBatch(this.delivery.run);
  }

  private async forwardBatch(queue: JobQueue): Promise<boolean> {
    return this.deps.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(jobOutbox)
        .orderBy(jobOutbox.id)
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const row of rows) await this.forwardRow(queue, row);
      if (rows.length > 0) {
        await tx.delete(jobOutbox).where(
          inArray(
            jobOutbox.id,
            rows.map((row) => row.id),
          ),
        );
      }
      return rows.length === BATCH;
    });
  }

  private async forwardRow(queue: JobQueue, row: OutboxRow): Promise<void> {
    try {
      await queue.enqueue(row.queue as QueueName, row.job as never, row.payload as never, {
        jobId: outboxJobId(row),
      });
    } catch (error) {
      // A row that breaks the contract can never be queued: drop it, loudly. Anything else
      // (Redis down) fails the batch, which stays for the next pass.
      if (!(error instanceof UnrecoverableError)) throw error;
      this.deps.logger.error({ err: error, outboxId: row.id }, 'follow-up dropped: invalid job');
    }
  }

  private async startBatch(run: (row: OutboxRow) => Promise<'done' | 'keep'>): Promise<boolean> {
    const busy = [...new Set([...this.inFlight.keys(), ...this.startedThisPass])];
    const rows = await this.deps.db
      .select()
      .from(jobOutbox)
      .where(busy.length ? notInArray(jobOutbox.id, busy) : undefined)
      .orderBy(jobOutbox.id)
      .limit(BATCH);
    for (const row of rows) {
      this.startedThisPass.add(row.id);
      const done = this.runRow(run, row).finally(() => this.inFlight.delete(row.id));
      this.inFlight.set(row.id, done);
    }
    return rows.length === BATCH;
  }

  private async runRow(
    run: (row: OutboxRow) => Promise<'done' | 'keep'>,
    row: OutboxRow,
  ): Promise<void> {
    const log = this.deps.logger.child({ outboxId: row.id, queue: row.queue, job: row.job });
    try {
      if ((await run(row)) === 'done') {
        await this.deps.db.delete(jobOutbox).where(inArray(jobOutbox.id, [row.id]));
      }
    } catch (error) {
      log.error({ err: error }, 'follow-up not run; it stays for a later pass');
    }
  }
}
