import { bigserial, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Follow-up work (a re-match after a poll) recorded in the same transaction as the change
 * that calls for it, then drained into the job queue by the relay (src/jobs/outbox.ts).
 * A row leaves only once its job is safely queued (BullMQ) or has run (in-process runner).
 */
export const jobOutbox = pgTable('job_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** Queue and job name of the job contract (src/jobs/contract.ts). */
  queue: text('queue').notNull(),
  job: text('job').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
