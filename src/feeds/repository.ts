import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { hashSecret, issueSecret } from '../auth/secrets.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { preparedPerDatabase } from '../db/prepared.js';
import { departments, feeds, tenants } from '../db/schema/index.js';
import { InvalidInput, NotFound } from '../errors.js';
import { decodeCursorValues, encodeCursorValues, INVALID_CURSOR } from '../http/keyset-cursor.js';
import { matchPagesVersionColumns, matchPagesVersionOf } from '../matching/matches-version.js';
import type { FeedList, ListFeedsQuery } from './schemas.js';

/** A new feed for one of the tenant's departments; the token is returned here only. */
export async function createFeed(
  db: Database,
  input: { tenantId: string; departmentKey: string },
  clock: Clock,
): Promise<{ id: string; token: string }> {
  const [department] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.tenantId, input.tenantId), eq(departments.key, input.departmentKey)));
  if (!department) throw new NotFound(`No department "${input.departmentKey}" for this tenant`);
  const issued = issueSecret('crf');
  const [row] = await db
    .insert(feeds)
    .values({
      tenantId: input.tenantId,
      departmentId: department.id,
      prefix: issued.prefix,
      tokenHash: issued.hash,
      createdAt: clock.now(),
    })
    .returning({ id: feeds.id });
  if (!row) throw new Error('could not store the feed');
  return { id: row.id, token: issued.secret };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function encodeFeedCursor(createdAt: Date, id: string): string {
  return encodeCursorValues([createdAt.toISOString(), id]);
}

/** Checked before it reaches SQL: a hand-edited cursor is a 400, never a failed cast. */
function decodeFeedCursor(raw: string): { createdAt: string; id: string } {
  const [createdAt, id] = decodeCursorValues(raw, 2);
  const valid =
    typeof createdAt === 'string' &&
    ISO.test(createdAt) &&
    !Number.isNaN(Date.parse(createdAt)) &&
    typeof id === 'string' &&
    UUID.test(id);
  if (!valid) throw new InvalidInput(INVALID_CURSOR);
  return { createdAt, id };
}

/** The tenant's feeds, oldest first, revoked ones included (with when); never the token. */
export async function listFeeds(
  db: Database,
  tenantId: string,
  query: ListFeedsQuery,
): Promise<FeedList> {
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeFeedCursor(query.cursor) : null;
  const rows = await db
    .select({
      id: feeds.id,
      department: departments.key,
      prefix: feeds.prefix,
      createdAt: feeds.createdAt,
      revokedAt: feeds.revokedAt,
    })
    .from(feeds)
    .innerJoin(departments, eq(departments.id, feeds.departmentId))
    .where(
      and(
        eq(feeds.tenantId, tenantId),
        after
          ? sql`(${feeds.createdAt}, ${feeds.id}) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(feeds.createdAt), asc(feeds.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeFeedCursor(last.createdAt, last.id) : null,
  };
}

/** Revokes one of the tenant's feeds; another tenant's id is simply not found. */
export async function revokeFeed(
  db: Database,
  input: { tenantId: string; id: string },
  clock: Clock,
): Promise<void> {
  const mine = and(eq(feeds.id, input.id), eq(feeds.tenantId, input.tenantId));
  const [existing] = await db.select({ id: feeds.id }).from(feeds).where(mine);
  if (!existing) throw new NotFound(`No feed with id ${input.id}`);
  await db
    .update(feeds)
    .set({ revokedAt: clock.now() })
    .where(and(mine, isNull(feeds.revokedAt)));
}

export interface FeedOwner {
  feedId: string;
  tenant: { id: string; slug: string; name: string; timeZone: string };
  department: { id: string; key: string; name: string; language: string };
  /** The version of the tenant's match data (matchPagesVersion), read with the token. */
  version: string;
}

const ownerByTokenHash = preparedPerDatabase((db) =>
  db
    .select({
      feedId: feeds.id,
      tenant: {
        id: tenants.id,
        slug: tenants.slug,
        name: tenants.name,
        timeZone: tenants.timeZone,
      },
      department: {
        id: departments.id,
        key: departments.key,
        name: departments.name,
        language: departments.language,
      },
      ...matchPagesVersionColumns,
    })
    .from(feeds)
    .innerJoin(tenants, eq(tenants.id, feeds.tenantId))
    .innerJoin(departments, eq(departments.id, feeds.departmentId))
    .where(and(eq(feeds.tokenHash, sql.placeholder('tokenHash')), isNull(feeds.revokedAt)))
    .prepare('feed_by_token'),
);

/**
 * The live feed a token opens, with its tenant, department and the version of its data, in
 * one prepared query on the token hash's unique index: a feed read costs one round trip
 * when its body is cached. Unknown and revoked tokens are the same: null.
 */
export async function feedByToken(db: Database, token: string): Promise<FeedOwner | null> {
  const [row] = await ownerByTokenHash(db).execute({ tokenHash: hashSecret(token) });
  if (!row) return null;
  const { matchesVersion, profileVersion, callsVersion, ...owner } = row;
  return {
    ...owner,
    version: matchPagesVersionOf({ matchesVersion, profileVersion, callsVersion }),
  };
}
