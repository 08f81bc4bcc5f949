import { eq, sql } from 'drizzle-orm';
import type { StoredPage } from '../../scrapers/http/page-fetcher.js';
import type { Database } from '../db/client.js';
import { sourcePages } from '../db/schema/index.js';
import type { Tx } from './call-rows.js';

/** The validators and remembered parses stored after the source's last applied poll. */
export async function loadStoredPages(
  db: Database,
  sourceId: string,
): Promise<Map<string, StoredPage>> {
  const rows = await db.select().from(sourcePages).where(eq(sourcePages.sourceId, sourceId));
  return new Map(
    rows.map((row) => [
      row.url,
      { etag: row.etag, lastModified: row.lastModified, remembered: row.remembered },
    ]),
  );
}

/** Stored in the poll's last transaction, so a validator never outlives a lost poll. */
export async function storePages(
  tx: Tx,
  sourceId: string,
  pages: ReadonlyMap<string, StoredPage>,
  now: Date,
): Promise<void> {
  if (pages.size === 0) return;
  await tx
    .insert(sourcePages)
    .values(
      [...pages].map(([url, page]) => ({
        sourceId,
        url,
        etag: page.etag,
        lastModified: page.lastModified,
        remembered: page.remembered ?? null,
        storedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [sourcePages.sourceId, sourcePages.url],
      set: {
        etag: sql`excluded.etag`,
        lastModified: sql`excluded.last_modified`,
        remembered: sql`excluded.remembered`,
        storedAt: sql`excluded.stored_at`,
      },
    });
}
