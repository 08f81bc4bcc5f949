import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { type ApiKeyRole, apiKeys, tenants } from '../db/schema/index.js';
import { InvalidInput, NotFound } from '../errors.js';
import { UUID_PATTERN } from '../http/keyset-cursor.js';
import { announceKeyRevoked } from './key-cache.js';
import { issueSecret } from './secrets.js';

export interface CreatedApiKey {
  id: string;
  /** The key itself: returned once, here, and never again. */
  key: string;
  role: ApiKeyRole;
  /** The tenant's slug; null for admin keys. */
  tenant: string | null;
}

export interface ApiKeyListing {
  id: string;
  prefix: string;
  role: ApiKeyRole;
  tenant: string | null;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A transaction handle works as well: the first-run key is written with its file. */
type Queryable = Pick<Database, 'select' | 'insert'>;

/** A new key: admin keys take no tenant, coordinator and reader keys exactly one (by slug). */
export async function createApiKey(
  db: Queryable,
  input: { role: ApiKeyRole; tenant?: string | null; name?: string },
  clock: Clock,
): Promise<CreatedApiKey> {
  const slug = input.tenant ?? null;
  if (input.role === 'admin' && slug !== null) {
    throw new InvalidInput('tenant: an admin key belongs to no tenant, leave it out');
  }
  if (input.role !== 'admin' && slug === null) {
    throw new InvalidInput(`tenant: a ${input.role} key needs a tenant`);
  }
  let tenantId: string | null = null;
  if (slug !== null) {
    const [tenant] = await db
      .select({ id: tenants.id })
      .from(tenants)
      .where(eq(tenants.slug, slug));
    // The tenant is named in the request body: a bad reference there is bad input.
    if (!tenant) throw new InvalidInput(`tenant: no tenant "${slug}"`);
    tenantId = tenant.id;
  }
  const issued = issueSecret('cr');
  const [row] = await db
    .insert(apiKeys)
    .values({
      tenantId,
      role: input.role,
      name: input.name ?? '',
      prefix: issued.prefix,
      keyHash: issued.hash,
      createdAt: clock.now(),
    })
    .returning({ id: apiKeys.id });
  if (!row) throw new Error('could not store the API key');
  return { id: row.id, key: issued.secret, role: input.role, tenant: slug };
}

/** Where a page of keys starts: after this key in (createdAt, id) order. */
export interface ApiKeyPosition {
  createdAt: Date;
  id: string;
}

/** Keys, oldest first; all of them, or `limit` after a position (the admin route's pages). */
export async function listApiKeys(
  db: Database,
  page: { limit?: number; after?: ApiKeyPosition } = {},
): Promise<ApiKeyListing[]> {
  const after = page.after;
  const query = db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      tenant: tenants.slug,
      name: apiKeys.name,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .leftJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(
      after
        ? or(
            gt(apiKeys.createdAt, after.createdAt),
            and(eq(apiKeys.createdAt, after.createdAt), gt(apiKeys.id, after.id)),
          )
        : undefined,
    )
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  const rows = page.limit === undefined ? await query : await query.limit(page.limit);
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

/**
 * Revokes a key; revoking one already revoked changes nothing. Key caches in this process
 * forget it at once (src/auth/key-cache.ts); other processes within their cache's TTL.
 */
export async function revokeApiKey(db: Database, id: string, clock: Clock): Promise<void> {
  // Not a uuid: no such key (and no failed cast in the database).
  if (!UUID_PATTERN.test(id)) throw new NotFound(`No API key with id ${id}`);
  const [existing] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id));
  if (!existing) throw new NotFound(`No API key with id ${id}`);
  await db
    .update(apiKeys)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  announceKeyRevoked(id);
}

/** Whether any admin key is still valid: the embedded default makes one when none is. */
export async function hasActiveAdminKey(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.role, 'admin'), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row !== undefined;
}
