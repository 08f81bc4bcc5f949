import type { Tx } from '../../ingest/call-rows.js';

/** What an import did, for the summary line and the tests. */
export interface ImportCounts {
  rows: number;
  organisationsNew: number;
  organisationsMerged: number;
  projectsNew: number;
  participationsNew: number;
  skipped: number;
}

/** One dataset format: its rows, and what one row stores. */
export interface PartnerImporter {
  rows(file: string): AsyncIterable<Record<string, string>>;
  /** Stores one row in the batch's transaction; false when the row is unusable. */
  apply(tx: Tx, row: Record<string, string>, counts: ImportCounts): Promise<boolean>;
}
