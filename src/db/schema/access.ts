import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { departments, tenants } from './tenants.js';

export const apiKeyRoles = ['admin', 'coordinator', 'reader'] as const;
export type ApiKeyRole = (typeof apiKeyRoles)[number];

/**
 * API keys. Only a hash of each key is stored: the key itself is shown once, at creation.
 * The prefix ("cr_AbCd1234") lets a person tell keys apart in a list without the secret.
 * An admin key belongs to no tenant; every other key to exactly one.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    role: text('role', { enum: apiKeyRoles }).notNull(),
    name: text('name').notNull().default(''),
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key, hex. */
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('api_keys_hash_uq').on(table.keyHash),
    index('api_keys_tenant_idx').on(table.tenantId),
    check(
      'api_keys_admin_has_no_tenant',
      sql`(${table.role} = 'admin') = (${table.tenantId} is null)`,
    ),
  ],
);

/**
 * A department's intranet feed (JSON, Atom, iCalendar). The URL carries a secret token so a
 * feed reader or calendar app can subscribe without headers; only its hash is stored.
 */
export const feeds = pgTable(
  'feeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
    prefix: text('prefix').notNull(),
    /** SHA-256 of the token, hex. */
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('feeds_token_hash_uq').on(table.tokenHash),
    index('feeds_tenant_idx').on(table.tenantId),
  ],
);
