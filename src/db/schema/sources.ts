import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Kinds of source the scrapers know how to read (scrapers/<kind>/, src/sources/kinds.ts). */
export const sourceKinds = [
  'ft-portal',
  'interreg-algolia',
  'ical',
  'euro-access',
  'rss',
  'html-list',
] as const;
export type SourceKind = (typeof sourceKinds)[number];

/** ok: last poll good; degraded: last poll suspicious or partial; failing: last poll failed. */
export const sourceHealthStates = ['unknown', 'ok', 'degraded', 'failing'] as const;
export type SourceHealth = (typeof sourceHealthStates)[number];

export const sources = pgTable('sources', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: sourceKinds }).notNull(),
  name: text('name').notNull(),
  baseUrl: text('base_url').notNull(),
  /** Kind-specific settings (page size, extra endpoints, thresholds). */
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  /** Cron pattern in UTC. */
  schedule: text('schedule').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  health: text('health', { enum: sourceHealthStates }).notNull().default('unknown'),
  healthReason: text('health_reason'),
  /** Records in the last poll judged good: the yardstick for a suspicious result. */
  lastGoodRecordCount: integer('last_good_record_count'),
  lastGoodPollAt: timestamp('last_good_poll_at', { withTimezone: true }),
  /** Failed polls in a row: the circuit breaker opens after several (src/ingest/breaker.ts). */
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  /** While the breaker is open, scheduled polls are skipped until this instant. */
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sourceRunOutcomes = ['running', 'succeeded', 'degraded', 'failed'] as const;
export type SourceRunOutcome = (typeof sourceRunOutcomes)[number];

export interface SourceRunCounts {
  fetched: number;
  new: number;
  changed: number;
  unchanged: number;
  closed: number;
  skipped: number;
}

export const sourceRuns = pgTable(
  'source_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    /** The day statuses were derived for (a replay sets it to the snapshot's day). */
    asOf: date('as_of', { mode: 'string' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    outcome: text('outcome', { enum: sourceRunOutcomes }).notNull().default('running'),
    pages: integer('pages').notNull().default(0),
    counts: jsonb('counts')
      .$type<SourceRunCounts>()
      .notNull()
      .default(
        sql`'{"fetched":0,"new":0,"changed":0,"unchanged":0,"closed":0,"skipped":0}'::jsonb`,
      ),
    /** Why the run failed or was judged degraded; never a stack trace. */
    problems: jsonb('problems').$type<string[]>().notNull().default([]),
    /** The process running it (host, pid and a random part), for the run log. */
    owner: text('owner'),
    /** The queue job it runs for: a retry of the same job supersedes a run left behind. */
    jobId: text('job_id'),
    /**
     * A running run's owner extends this while it works; a run still running past it
     * belongs to a dead process and is marked failed (src/ingest/run-recovery.ts).
     */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
  },
  (table) => [
    index('source_runs_source_started_idx').on(table.sourceId, table.startedAt.desc()),
    index('source_runs_running_idx').on(table.outcome).where(sql`outcome = 'running'`),
  ],
);

/**
 * A page of a source as it was when the source's last poll was applied: its validators for
 * a conditional GET and what the source's kind made of it, handed back on a 304
 * (scrapers/http/page-fetcher.ts). Written only with an applied poll.
 */
export const sourcePages = pgTable(
  'source_pages',
  {
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    etag: text('etag'),
    lastModified: text('last_modified'),
    remembered: jsonb('remembered'),
    storedAt: timestamp('stored_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.sourceId, table.url] })],
);
