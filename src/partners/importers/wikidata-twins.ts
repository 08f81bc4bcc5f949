import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { twinLinks } from '../../db/schema/index.js';
import { InvalidInput } from '../../errors.js';
import type { Tx } from '../../ingest/call-rows.js';
import { typeFromName } from '../organisation-types.js';
import { resolveOrganisation } from '../resolve.js';
import type { FileSetImporter, ImportCounts } from './types.js';

/** Pairs per transaction: a crash loses at most one batch, and the next run redoes it. */
const BATCH = 250;

/**
 * Wikidata's twin towns (P190, "twinned administrative body"): a pairs file of
 * `sourceQID<TAB>targetQID` lines and a names file of `QID<TAB>label` lines, both without a
 * header (`partners import --format wikidata-twins relations.tsv names.tsv`). Each QID is an
 * organisation keyed by its QID, each pair one twin_links row. P190 is symmetric and usually
 * stated on both items, so the second statement of a pair finds the link and adds nothing.
 * A Swedish town and its municipality are two Wikidata items (Gävle Q25748 and Q510010):
 * they stay two organisations here, as the data has them.
 */
export const wikidataTwins: FileSetImporter = {
  async importFiles(db, files, counts, onProgress) {
    const [pairsFile, namesFile] = files;
    if (files.length !== 2 || !pairsFile || !namesFile)
      throw new InvalidInput('files: give the pairs file, then the names file beside it');
    // The names are read whole: one label per item, a few MB for all of Wikidata's P190
    // items (the full names.tsv has about 20,000 lines), while the pairs are streamed.
    const labels = new Map<string, string>();
    for await (const [qid, label] of tsvLines(namesFile))
      if (qid && label) labels.set(qid, label.trim());
    let batch: Array<[string, string]> = [];
    const flush = async () => {
      const pairs = batch;
      batch = [];
      await db.transaction(async (tx) => {
        for (const [source, target] of pairs)
          await storeTwinPair(tx, source, target, labels, counts);
      });
      onProgress(counts.rows);
    };
    for await (const [source, target] of tsvLines(pairsFile)) {
      counts.rows += 1;
      if (!isQid(source) || !isQid(target) || source === target) {
        counts.skipped += 1;
        continue;
      }
      batch.push([source, target]);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
  },
};

async function storeTwinPair(
  tx: Tx,
  source: string,
  target: string,
  labels: ReadonlyMap<string, string>,
  counts: ImportCounts,
): Promise<void> {
  const a = await organisationOfItem(tx, source, labels, counts);
  const b = await organisationOfItem(tx, target, labels, counts);
  const [organisationA, organisationB] = a < b ? [a, b] : [b, a];
  const inserted = await tx
    .insert(twinLinks)
    .values({ organisationA, organisationB, dataset: 'wikidata' })
    .onConflictDoNothing()
    .returning({ a: twinLinks.organisationA });
  counts.linksNew += inserted.length;
}

async function organisationOfItem(
  tx: Tx,
  qid: string,
  labels: ReadonlyMap<string, string>,
  counts: ImportCounts,
): Promise<string> {
  const name = labels.get(qid) ?? qid;
  const resolved = await resolveOrganisation(tx, {
    dataset: 'wikidata',
    sourceKey: qid,
    name,
    // The files carry no country (the crawl kept only labels); a later dataset naming the
    // same body with its country does not merge by name alone, so none is guessed here.
    country: null,
    city: null,
    nuts: null,
    type: typeFromName(name) === 'region' ? 'region' : 'municipality',
    identifiers: [{ scheme: 'wikidata', value: qid }],
    projectIds: [],
  });
  if (resolved.outcome === 'new') counts.organisationsNew += 1;
  if (resolved.outcome === 'merged') counts.organisationsMerged += 1;
  return resolved.organisationId;
}

function isQid(value: string | undefined): value is string {
  return value !== undefined && /^Q\d+$/.test(value);
}

/**
 * The fields of a tab-separated file without a header, streamed. Quotes are not special:
 * the crawl writes labels as they are, and a label may hold a double quote.
 */
async function* tsvLines(file: string): AsyncGenerator<string[]> {
  const parser = createReadStream(file).pipe(
    parse({
      delimiter: '\t',
      quote: false,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }),
  );
  for await (const fields of parser) yield fields as string[];
}
