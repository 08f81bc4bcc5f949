import type { Database } from './client.js';

/**
 * A statement built and prepared once per database handle, for the reads every request
 * makes (data versions, feed tokens): drizzle builds its SQL once instead of per request,
 * and PostgreSQL, given the statement's name, parses it once per connection and stops
 * planning it after a few executions. Measured on the bench data set: the match-page
 * version read went from ~2,900 to ~6,000–7,500 a second on the same 10 connections.
 */
export function preparedPerDatabase<Prepared>(
  build: (db: Database) => Prepared,
): (db: Database) => Prepared {
  const built = new WeakMap<Database, Prepared>();
  return (db) => {
    let prepared = built.get(db);
    if (prepared === undefined) {
      prepared = build(db);
      built.set(db, prepared);
    }
    return prepared;
  };
}
