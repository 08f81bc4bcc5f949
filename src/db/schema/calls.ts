import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  type ApplicantType,
  actionCategories,
  type CallSupplement,
} from '../../../scrapers/types.js';
import { sourceRuns, sources } from './sources.js';

export const callStatuses = ['forthcoming', 'open', 'closed'] as const;
export type CallStatus = (typeof callStatuses)[number];

/** Why a call is closed: its deadlines passed, or it vanished from several good polls. */
export const closedReasons = ['deadline-passed', 'no-deadline', 'absent'] as const;
export type ClosedReason = (typeof closedReasons)[number];

export interface CallLink {
  label: string;
  url: string;
}

export interface CallBudget {
  currency: string;
  /** Total for this call (all its actions and years), when known. */
  total: number | null;
  minPerGrant: number | null;
  maxPerGrant: number | null;
  expectedGrants: number | null;
}

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const calls = pgTable(
  'calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'restrict' }),
    /** Unique within a source: the topic identifier, or the reference for cascade calls. */
    naturalKey: text('natural_key').notNull(),
    identifier: text('identifier').notNull(),
    title: text('title').notNull(),
    programmeCode: text('programme_code'),
    programmeName: text('programme_name'),
    callIdentifier: text('call_identifier'),
    callTitle: text('call_title'),
    /** The parts of its programme the call belongs to, in the programme's codes (MISS-CIT). */
    programmeStrands: text('programme_strands').array().notNull().default(sql`'{}'::text[]`),
    typeOfAction: text('type_of_action'),
    /** The type of action as a category matching understands; null for any other. */
    actionCategory: text('action_category', { enum: actionCategories }),
    descriptionText: text('description_text').notNull().default(''),
    /** Sanitised HTML: safe to put in an email or a page. */
    descriptionHtml: text('description_html').notNull().default(''),
    openingAt: timestamp('opening_at', { withTimezone: true }),
    status: text('status', { enum: callStatuses }).notNull(),
    closedReason: text('closed_reason', { enum: closedReasons }),
    /** Earliest deadline still ahead at the last derivation; null once all have passed. */
    nextDeadlineAt: timestamp('next_deadline_at', { withTimezone: true }),
    budget: jsonb('budget').$type<CallBudget>(),
    eligibleCountries: text('eligible_countries').array().notNull().default(sql`'{}'::text[]`),
    /** NUTS codes of the area applicants must be in (an Interreg programme area); else empty. */
    eligibleRegions: text('eligible_regions').array().notNull().default(sql`'{}'::text[]`),
    applicantTypes: text('applicant_types')
      .array()
      .$type<ApplicantType[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    language: text('language').notNull().default('en'),
    sourceUrl: text('source_url').notNull(),
    links: jsonb('links').$type<CallLink[]>().notNull().default([]),
    /**
     * What a detail request added to a thin record (description, keywords, tags), kept so
     * a later poll of the still-thin record re-applies it until the details are re-read.
     */
    supplement: jsonb('supplement').$type<CallSupplement>(),
    /**
     * Set when another source's record of the same call is more authoritative (the
     * programme's own site or the EU portal over an aggregator): this row is then a
     * sighting of that call, kept for its link and its source's change tracking, and left
     * out of lists, matching and digests (src/ingest/sightings.ts).
     */
    canonicalId: uuid('canonical_id').references((): AnyPgColumn => calls.id, {
      onDelete: 'set null',
    }),
    /** The title as sightings compare it: case, punctuation and spacing aside. */
    matchTitle: text('match_title').generatedAlwaysAs(
      sql`btrim(lower(regexp_replace(title, '[^[:alnum:]]+', ' ', 'g')))`,
    ),
    /** Hash of the normalised content: equal hash, nothing to write but last_seen. */
    contentHash: text('content_hash').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** Consecutive good polls of the source that did not return this call. */
    missedPolls: integer('missed_polls').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(identifier, '') || ' ' || coalesce(programme_name, '')), 'B') || setweight(to_tsvector('english', coalesce(description_text, '')), 'C')`,
    ),
  },
  (table) => [
    uniqueIndex('calls_source_natural_key_uq').on(table.sourceId, table.naturalKey),
    index('calls_status_deadline_idx').on(table.status, table.nextDeadlineAt),
    // The call list's default order over its default statuses (GET /v1/calls): a page is
    // the index's first rows instead of a sort of every open call.
    index('calls_listing_deadline_idx')
      .on(sql`coalesce(${table.nextDeadlineAt}, 'infinity'::timestamptz)`, table.id)
      .where(sql`${table.status} in ('open', 'forthcoming')`),
    // The list's programme filter compares codes case-insensitively.
    index('calls_programme_idx').on(sql`upper(${table.programmeCode})`),
    // The list cache's version is the latest change: max(updated_at) reads one index entry.
    index('calls_updated_at_idx').on(table.updatedAt),
    index('calls_search_idx').using('gin', table.searchVector),
    index('calls_match_title_idx').on(table.matchTitle),
    index('calls_canonical_idx').on(table.canonicalId).where(sql`canonical_id is not null`),
  ],
);

export const callDeadlines = pgTable(
  'call_deadlines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    /** 1 for a single-stage call or the first stage, 2 for the second stage. */
    stage: smallint('stage').notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    /** The deadline's day in its own time zone, as the source states it. */
    localDate: date('local_date', { mode: 'string' }).notNull(),
    timeZone: text('time_zone').notNull(),
  },
  (table) => [uniqueIndex('call_deadlines_call_stage_uq').on(table.callId, table.stage)],
);

export const changeKinds = [
  'deadline',
  'status',
  'budget',
  'description',
  'title',
  'opening',
  /**
   * Time moved a two-stage call on to its next stage: the deadlines are unchanged, the one
   * still ahead is another (recorded by the status sweep, not by a poll).
   */
  'next-deadline',
] as const;
export type ChangeKind = (typeof changeKinds)[number];

export const callChanges = pgTable(
  'call_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    sourceRunId: bigint('source_run_id', { mode: 'number' }).references(() => sourceRuns.id, {
      onDelete: 'set null',
    }),
    kind: text('kind', { enum: changeKinds }).notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('call_changes_call_idx').on(table.callId, table.detectedAt)],
);
