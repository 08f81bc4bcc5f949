import type { Database } from '../db/client.js';
import { InvalidInput } from '../errors.js';
import { isPartnerFormat, partnerImporters } from './importers/index.js';
import type { ImportCounts } from './importers/types.js';

/** Rows per transaction: a crash loses at most one batch, and the next run redoes it. */
const BATCH = 250;

/**
 * Imports dataset files of one format, streaming, in short transactions: re-runnable (a row
 * imported before finds its organisation and adds nothing) and in bounded memory.
 */
export async function importPartnerFiles(
  db: Database,
  input: { format: string; files: string[] },
  onProgress: (rows: number) => void = () => {},
): Promise<ImportCounts & { format: string; files: number }> {
  if (!isPartnerFormat(input.format))
    throw new InvalidInput(
      `format: "${input.format}" is not one of ${Object.keys(partnerImporters).join(', ')}`,
    );
  if (input.files.length === 0) throw new InvalidInput('files: give at least one file');
  const importer = partnerImporters[input.format];
  const counts: ImportCounts = {
    rows: 0,
    organisationsNew: 0,
    organisationsMerged: 0,
    projectsNew: 0,
    participationsNew: 0,
    linksNew: 0,
    requestsNew: 0,
    skipped: 0,
  };
  if ('importFiles' in importer) {
    await importer.importFiles(db, input.files, counts, onProgress);
    return { format: input.format, files: input.files.length, ...counts };
  }
  for (const file of input.files) {
    let batch: Array<Record<string, string>> = [];
    const flush = async () => {
      const rows = batch;
      batch = [];
      await db.transaction(async (tx) => {
        for (const row of rows) if (!(await importer.apply(tx, row, counts))) counts.skipped += 1;
      });
      onProgress(counts.rows);
    };
    for await (const row of importer.rows(file)) {
      counts.rows += 1;
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
  }
  return { format: input.format, files: input.files.length, ...counts };
}
