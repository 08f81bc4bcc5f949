import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { calls } from './calls.js';
import { priorityAreas, tenants } from './tenants.js';

/** The compact why of a match, as stored; explanation lines are rendered from it. */
export interface StoredExplanation {
  /** [concept id, profile word, call phrase, field] for the strongest concepts. */
  concepts: Array<[string, string, string, string]>;
  keywords: string[];
  programme: string | null;
  localAuthorities: boolean;
  action: string | null;
  likeRelevant: string | null;
  likeNotRelevant: string | null;
}

/**
 * The key both tables share: a call, for one of a tenant's areas. A function, because
 * drizzle column builders belong to one table each.
 */
function tenantAreaCall() {
  return {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    areaId: uuid('area_id')
      .notNull()
      .references(() => priorityAreas.id, { onDelete: 'cascade' }),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
  };
}

/**
 * A call's score for a tenant's priority area, kept when it reaches the match threshold.
 * Department scores are derived from their areas' rows when read.
 */
export const matches = pgTable(
  'matches',
  {
    ...tenantAreaCall(),
    score: real('score').notNull(),
    explanation: jsonb('explanation').$type<StoredExplanation>().notNull(),
    profileVersion: integer('profile_version').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.areaId, table.callId] }),
    index('matches_area_score_idx').on(table.areaId, table.score.desc()),
    index('matches_call_idx').on(table.callId),
  ],
);

export const feedbackVerdicts = ['relevant', 'not_relevant', 'muted'] as const;

/** A coordinator's verdict on a call for one area; muted calls never reach a digest. */
export const matchFeedback = pgTable(
  'match_feedback',
  {
    ...tenantAreaCall(),
    verdict: text('verdict', { enum: feedbackVerdicts }).notNull(),
    /** The coordinator's reason, in their own words (optional). */
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.areaId, table.callId] })],
);
