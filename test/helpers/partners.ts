import { count } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../src/db/client.js';
import {
  organisationSources,
  organisations,
  participations,
  partnerProjects,
} from '../../src/db/schema/index.js';

/** Rows in the partner tables an import writes: a second import must leave them unchanged. */
export async function partnerTables(db: Database) {
  const rows = async (table: PgTable) => (await db.select({ n: count() }).from(table))[0]?.n;
  return {
    organisations: await rows(organisations),
    projects: await rows(partnerProjects),
    participations: await rows(participations),
    sources: await rows(organisationSources),
  };
}

/** How many different values: expected counts are derived from the fixture files this way. */
export const distinct = (values: ReadonlyArray<string | undefined>) => new Set(values).size;
