import { sql } from 'drizzle-orm';
import {
  boolean,
  integer,
  jsonb,
  pgTable,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable, URL-safe name ("lidingo"); profiles are imported and updated by it. */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** ISO 3166-1 alpha-2: decides which programmes the tenant can take part in. */
    country: text('country').notNull(),
    languages: text('languages').array().notNull(),
    timeZone: text('time_zone').notNull(),
    organisationType: text('organisation_type').notNull(),
    /** Partner municipalities abroad, as the profile names them (for partner search). */
    twinTowns: jsonb('twin_towns')
      .$type<Array<{ name: string; country: string }>>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Bumped on every profile change; matches record the version they were made for. */
    profileVersion: integer('profile_version').notNull().default(1),
    /**
     * Bumped in every transaction that changes the tenant's matches or verdicts (the match
     * writer, feedback): with the profile version and the calls' latest update it is the
     * version cached match pages are keyed by.
     */
    matchesVersion: integer('matches_version').notNull().default(0),
    /** Digest schedule: ISO weekday (1 = Monday) and hour in the tenant's time zone. */
    digestWeekday: smallint('digest_weekday').notNull().default(1),
    digestHour: smallint('digest_hour').notNull().default(7),
    /** Off: no department digest and no overview is planned for this tenant. */
    digestEnabled: boolean('digest_enabled').notNull().default(true),
    /** Send a digest with nothing new, changed or closing (off by default). */
    digestSendEmpty: boolean('digest_send_empty').notNull().default(false),
    /** Who gets the weekly coordinator overview. */
    coordinatorEmails: text('coordinator_emails').array().notNull().default(sql`'{}'::text[]`),
    /** Hash of the imported profile: an unchanged re-import changes nothing. */
    profileHash: text('profile_hash').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('tenants_slug_uq').on(table.slug)],
);

/**
 * What areas and departments share: a tenant's entry, named by a key that is stable across
 * profile imports. A function, because drizzle column builders belong to one table each.
 */
function profileEntry() {
  return {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: text('name').notNull(),
  };
}

export const priorityAreas = pgTable(
  'priority_areas',
  {
    ...profileEntry(),
    description: text('description').notNull().default(''),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    weight: real('weight').notNull().default(1),
    exclusions: text('exclusions').array().notNull().default(sql`'{}'::text[]`),
  },
  (table) => [uniqueIndex('priority_areas_tenant_key_uq').on(table.tenantId, table.key)],
);

export const departments = pgTable(
  'departments',
  {
    ...profileEntry(),
    language: text('language').notNull(),
    areaKeys: text('area_keys').array().notNull(),
    recipients: text('recipients').array().notNull().default(sql`'{}'::text[]`),
    /** A call reaches this department's digest at this score (0–100) or above; null: the default. */
    digestMinScore: real('digest_min_score'),
  },
  (table) => [uniqueIndex('departments_tenant_key_uq').on(table.tenantId, table.key)],
);
