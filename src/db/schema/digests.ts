import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { calls } from './calls.js';
import type { DigestContent, OverviewContent, ShownSnapshot } from './digest-content.js';
import { departments, tenants } from './tenants.js';

export const digestKinds = ['department', 'overview'] as const;
export type DigestKind = (typeof digestKinds)[number];

/**
 * One digest of one department (or the coordinator overview) for one period, as GOV.UK's
 * email-alert-api keeps a digest run: unique per (department, period), so however many
 * planners race, a period is planned once. Its emails are made in the same transaction.
 */
export const digestRuns = pgTable(
  'digest_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The department; null for the coordinator overview. */
    departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: digestKinds }).notNull(),
    /** The ISO week of the scheduled send in the tenant's time zone, e.g. "2026-W23". */
    period: text('period').notNull(),
    /** When the tenant's schedule made it due. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Every email of the run sent or failed for good. */
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    unique('digest_runs_scope_period_uq')
      .on(table.tenantId, table.kind, table.departmentId, table.period)
      .nullsNotDistinct(),
    index('digest_runs_unfinished_idx').on(table.createdAt).where(sql`${table.finishedAt} is null`),
  ],
);

export const digestEmailStatuses = ['pending', 'sent', 'failed'] as const;
export type DigestEmailStatus = (typeof digestEmailStatuses)[number];

/**
 * One recipient's email of a run, unique per (run, recipient), holding the content decided
 * when the run was planned. The sender takes only `pending` rows, under a row lock, and
 * marks them `sent` with the SMTP answer; the row id is the Message-ID, so the one message
 * a crash can leave in doubt goes out again under the same id.
 */
export const digestEmails = pgTable(
  'digest_emails',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => digestRuns.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    language: text('language').notNull(),
    /** What this recipient is sent, decided in the planning transaction; rendered on send. */
    content: jsonb('content').$type<DigestContent | OverviewContent>().notNull(),
    status: text('status', { enum: digestEmailStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** The last SMTP or connection error, for GET /v1/digests. */
    lastError: text('last_error'),
    /** The SMTP server's answer when it accepted the message. */
    smtpResponse: text('smtp_response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    unique('digest_emails_run_recipient_uq').on(table.runId, table.recipient),
    index('digest_emails_pending_idx').on(table.runId).where(sql`${table.status} = 'pending'`),
  ],
);

export const digestFrequencies = ['weekly', 'fortnightly', 'off'] as const;
export type DigestFrequency = (typeof digestFrequencies)[number];

/**
 * A recipient's own choices for one department's digest (the preferences page, one-click
 * unsubscribe). No row: weekly, in the department's language.
 */
export const digestSubscriptions = pgTable(
  'digest_subscriptions',
  {
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    frequency: text('frequency', { enum: digestFrequencies }).notNull().default('weekly'),
    /** sv, nb or en; null: the department's language. */
    language: text('language'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.departmentId, table.email] })],
);

/**
 * What each recipient of a department has been shown of each call, as it was then: "new"
 * is what they were never shown, "changed" compares the call with this snapshot (as
 * Simpler.Grants.gov tells changes from the version the reader last saw).
 */
export const digestShown = pgTable(
  'digest_shown',
  {
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    snapshot: jsonb('snapshot').$type<ShownSnapshot>().notNull(),
    /** The email that last showed it. */
    emailId: bigint('email_id', { mode: 'number' }).references(() => digestEmails.id, {
      onDelete: 'set null',
    }),
    firstShownAt: timestamp('first_shown_at', { withTimezone: true }).notNull(),
    lastShownAt: timestamp('last_shown_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.departmentId, table.email, table.callId] })],
);

/**
 * Secrets the service makes for itself on first use (the digest link-signing key): random,
 * never a default, shared by every process on the database.
 */
export const serviceSecrets = pgTable('service_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
