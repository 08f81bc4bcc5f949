import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { type ApiKeyRole, apiKeys, tenants } from '../db/schema/index.js';
import { InvalidInput, NotFound } from '../errors.js';
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
}

/** A new key: admin keys take no tenant, coordinator and reader keys exactly one (by slug). */
export async function createApiKey(
  db: Database,
  input: { role: ApiKeyRole; tenant?: string | null; name?: string },
  clock: Clock,
): Promise<CreatedApiKey> {
  const slug = input.tenant ?? null;
  if (input.role === 'admin' && slug !== null) {
    throw new InvalidInput('an admin key belongs to no tenant: leave out the tenant');
  }
  if (input.role !== 'admin' && slug === null) {
    throw new InvalidInput(`a ${input.role} key needs a tenant`);
  }
  let tenantId: string | null = null;
  if (slug !== null) {
    const [tenant] = await db
      .select({ id: tenants.id })
      .from(tenants)
      .where(eq(tenants.slug, slug));
    if (!tenant) throw new NotFound(`No tenant "${slug}"`);
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

export async function listApiKeys(db: Database): Promise<ApiKeyListing[]> {
  const rows = await db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      tenant: tenants.slug,
      name: apiKeys.name,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }));
}

/** Revokes a key; revoking one already revoked changes nothing. */
export async function revokeApiKey(db: Database, id: string, clock: Clock): Promise<void> {
  const [existing] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id));
  if (!existing) throw new NotFound(`No API key with id ${id}`);
  await db
    .update(apiKeys)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
}
