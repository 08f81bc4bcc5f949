import { type Static, type TSchema, Type } from 'typebox';

/**
 * The one queue contract: queue name → job name → payload schema. Producers and workers
 * import it, so a payload cannot drift between them. Payloads carry ids only; processors
 * re-read current state from the database.
 */
export const jobContract = {
  sources: {
    'poll-source': Type.Object({
      sourceId: Type.String({ minLength: 1 }),
      trigger: Type.Union([Type.Literal('schedule'), Type.Literal('manual')]),
      /** Derive statuses as of this day (YYYY-MM-DD) instead of now: for replays and backfills. */
      asOf: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    }),
    /** Moves stored calls on to what their dates say as of now (closing, opening, next stage). */
    'advance-statuses': Type.Object({}),
    /** A source was enabled, disabled or rescheduled: re-read the schedulers from the table. */
    'reconcile-schedulers': Type.Object({}),
  },
  matching: {
    /** A changed profile or new feedback: that tenant against every open call. */
    'rematch-tenant': Type.Object({ tenantId: Type.String({ format: 'uuid' }) }),
    /** New, changed or closed calls: those calls against every tenant. */
    'rematch-calls': Type.Object({
      callIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 1000 }),
    }),
    /** A batch of the nightly full pass: these tenants against every open call, areas trimmed. */
    'rematch-tenants': Type.Object({
      tenantIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 100 }),
    }),
    /** The nightly full pass: fans out into rematch-tenants jobs that any worker takes. */
    'rematch-all': Type.Object({}),
  },
  digests: {
    /** Plans every digest whose time has come (runs and their emails, one transaction each). */
    'plan-digests': Type.Object({
      /** Plan as of this day (YYYY-MM-DD, noon UTC) instead of now: for demos and replays. */
      asOf: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
      /** Only this tenant (the CLI's `digest run --tenant`). */
      tenantId: Type.Optional(Type.String({ format: 'uuid' })),
    }),
    /** Sends a run's emails still pending; any number of workers may share one run. */
    'send-digest': Type.Object({ runId: Type.String({ format: 'uuid' }) }),
    /** Re-queues runs left unfinished (a lost job, a crashed worker). */
    'recover-digests': Type.Object({}),
  },
} as const;

export type Contract = typeof jobContract;
export type QueueName = keyof Contract;
export type JobName<Q extends QueueName> = keyof Contract[Q] & string;
export type JobPayload<Q extends QueueName, J extends JobName<Q>> = Contract[Q][J] extends TSchema
  ? Static<Contract[Q][J]>
  : never;

export interface JobContext {
  attempt: number;
  jobId: string;
}

export type Processor<Q extends QueueName, J extends JobName<Q>> = (
  payload: JobPayload<Q, J>,
  context: JobContext,
) => Promise<unknown>;

export type Processors = { [Q in QueueName]: { [J in JobName<Q>]: Processor<Q, J> } };

export interface EnqueueOptions {
  /** Same id, same job: a duplicate enqueue while the first is pending is a no-op. */
  jobId?: string;
}

/** What producers (the API, the CLI) see, whatever runs the jobs. */
export interface JobQueue {
  enqueue<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options?: EnqueueOptions,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Per queue: how jobs retry. Shared by BullMQ and the in-process runner. */
export const queueOptions: Record<
  QueueName,
  { attempts: number; backoffMs: number; concurrency: number }
> = {
  // A poll is already retried page by page by the HTTP client; a whole-job retry covers a
  // database hiccup. One poll at a time per worker keeps us polite to the portal.
  sources: { attempts: 3, backoffMs: 30_000, concurrency: 1 },
  // Matching is CPU-bound and idempotent; one job at a time per worker keeps the event loop
  // of that worker responsive, and a retry simply recomputes.
  matching: { attempts: 3, backoffMs: 5_000, concurrency: 1 },
  // A temporary SMTP failure (4xx, a reset connection) fails the job after the rest of the
  // run went out; the retry sends only what is still pending. Back-off from a minute gives a
  // greylisting server time; two at a time per worker keep one slow run from holding all.
  digests: { attempts: 6, backoffMs: 60_000, concurrency: 2 },
};

/** A recurring job: every (queue, job) pair with its own payload type. */
export type SchedulerDefinition = {
  [Q in QueueName]: {
    [J in JobName<Q>]: {
      /** Stable id: reconciling upserts by it and removes ids no longer declared. */
      id: string;
      queue: Q;
      job: J;
      /** Cron pattern, evaluated in UTC. */
      pattern: string;
      payload: JobPayload<Q, J>;
    };
  }[JobName<Q>];
}[QueueName];
