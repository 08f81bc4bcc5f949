import type { Database } from '../../db/client.js';
import type { Tx } from '../../ingest/call-rows.js';

/** What an import did, for the summary line and the tests. */
export interface ImportCounts {
  rows: number;
  organisationsNew: number;
  organisationsMerged: number;
  projectsNew: number;
  participationsNew: number;
  /** Twin-town pairs stored for the first time. */
  linksNew: number;
  /** Partner-search announcements stored for the first time. */
  requestsNew: number;
  skipped: number;
}

/** One dataset format read row by row: its rows, and what one row stores. */
export interface RowImporter {
  rows(file: string): AsyncIterable<Record<string, string>>;
  /** Stores one row in the batch's transaction; false when the row is unusable. */
  apply(tx: Tx, row: Record<string, string>, counts: ImportCounts): Promise<boolean>;
}

/**
 * A format whose files belong together (Wikidata's pairs and the names file beside them):
 * it reads them itself, streaming, in transactions of its own, and counts as it goes.
 */
export interface FileSetImporter {
  importFiles(
    db: Database,
    files: string[],
    counts: ImportCounts,
    onProgress: (rows: number) => void,
  ): Promise<void>;
}

export type PartnerImporter = RowImporter | FileSetImporter;
