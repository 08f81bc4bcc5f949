/**
 * npm run bench:ingest [-- --json] [--runs N]
 *
 * Replays the 2026-06-27 snapshot (1,812 records, the largest) into a fresh database:
 * the full ingest (parse, normalise, de-duplicate, store), then an unchanged re-poll, beside
 * a plain bulk INSERT of the same rows as the baseline. Median of N runs, each on its own
 * fresh database cloned from the migrated template.
 */
import { parseArgs } from 'node:util';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { systemClock } from '../../src/clock.js';
import { callDeadlines, calls } from '../../src/db/schema/index.js';
import { contentHashOf } from '../../src/ingest/content-hash.js';
import { runSourcePoll } from '../../src/ingest/run-poll.js';
import { deriveStatus } from '../../src/ingest/status.js';
import { FT_PORTAL_SOURCE_ID } from '../../src/sources/built-in.js';
import { collectFtPortalSnapshot } from '../../src/sources/ft-portal.js';
import { createTestDatabase, ensureTemplate } from '../helpers/database.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';
import { assertSharedFixtures } from '../helpers/shared.js';
import { ensureFtPortalSource } from '../helpers/sources.js';
import { silentLogger } from '../helpers/workers.js';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, runs: { type: 'string', default: '3' } },
});
const runs = Math.max(1, Number(values.runs));
const DAY = '2026-06-27';
const folder = dailySnapshotFolder(DAY);
const now = startOfLocalDay(DAY, BRUSSELS);

assertSharedFixtures();
await ensureTemplate();

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const median = (list: number[]) =>
  [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;

async function ingestOnce() {
  const database = await createTestDatabase();
  try {
    await ensureFtPortalSource(database.db);
    const poll = () =>
      runSourcePoll(
        { db: database.db, logger: silentLogger, clock: systemClock },
        {
          sourceId: FT_PORTAL_SOURCE_ID,
          asOf: DAY,
          now,
          collect: () => collectFtPortalSnapshot(folder, now),
        },
      );
    let start = process.hrtime.bigint();
    const full = await poll();
    const fullSeconds = seconds(start);
    start = process.hrtime.bigint();
    const repoll = await poll();
    const repollSeconds = seconds(start);
    return {
      fullSeconds,
      repollSeconds,
      records: full.counts.fetched,
      stored: full.counts.new,
      rowsWritten: repoll.rowsWritten,
      touched: repoll.counts.unchanged,
    };
  } finally {
    await database.drop();
  }
}

/** The same rows, already normalised, written with multi-row INSERTs and nothing else. */
async function bulkInsertOnce() {
  const result = await collectFtPortalSnapshot(folder, now);
  const database = await createTestDatabase();
  try {
    await ensureFtPortalSource(database.db);
    const rows = result.records.map((record) => {
      const derived = deriveStatus(record, now);
      const { deadlines: _deadlines, fromLegacyIndex: _legacy, thin: _thin, ...columns } = record;
      return {
        ...columns,
        ...derived,
        sourceId: FT_PORTAL_SOURCE_ID,
        contentHash: contentHashOf(record),
        firstSeenAt: now,
        lastSeenAt: now,
      };
    });
    const start = process.hrtime.bigint();
    await database.db.transaction(async (tx) => {
      for (let index = 0; index < rows.length; index += 500) {
        const inserted = await tx
          .insert(calls)
          .values(rows.slice(index, index + 500))
          .returning({ id: calls.id, naturalKey: calls.naturalKey });
        const ids = new Map(inserted.map((row) => [row.naturalKey, row.id]));
        const deadlines = result.records.slice(index, index + 500).flatMap((record) =>
          record.deadlines.map((deadline) => ({
            ...deadline,
            callId: ids.get(record.naturalKey) as string,
          })),
        );
        if (deadlines.length) await tx.insert(callDeadlines).values(deadlines);
      }
    });
    return { seconds: seconds(start), rows: rows.length };
  } finally {
    await database.drop();
  }
}

const ingests = [];
const baselines = [];
for (let run = 0; run < runs; run += 1) {
  ingests.push(await ingestOnce());
  baselines.push(await bulkInsertOnce());
}
const records = ingests[0]?.records ?? 0;
const fullSeconds = median(ingests.map((run) => run.fullSeconds));
const repollSeconds = median(ingests.map((run) => run.repollSeconds));
const baselineSeconds = median(baselines.map((run) => run.seconds));
const rowsWritten = Math.max(...ingests.map((run) => run.rowsWritten));
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

const report = {
  fullIngest: {
    records,
    seconds: round(fullSeconds),
    recordsPerSecond: Math.round(records / fullSeconds),
  },
  repoll: { seconds: round(repollSeconds), rowsWritten },
  baseline: {
    seconds: round(baselineSeconds),
    recordsPerSecond: Math.round(records / baselineSeconds),
  },
};

console.log(
  `ingest benchmark: snapshot ${DAY}, ${records} records → ${ingests[0]?.stored} calls, median of ${runs} run(s), PostgreSQL`,
);
console.table({
  'full ingest (parse + store)': {
    seconds: report.fullIngest.seconds,
    'records/s': report.fullIngest.recordsPerSecond,
    'rows written': '',
  },
  're-poll, unchanged': {
    seconds: report.repoll.seconds,
    'records/s': Math.round(records / repollSeconds),
    'rows written': `${rowsWritten} (+${ingests[0]?.touched} last_seen)`,
  },
  'baseline: bulk INSERT of the rows': {
    seconds: report.baseline.seconds,
    'records/s': report.baseline.recordsPerSecond,
    'rows written': baselines[0]?.rows ?? 0,
  },
});
console.log(
  `full ingest / bulk INSERT: ${(fullSeconds / baselineSeconds).toFixed(2)}× the time; re-poll / full ingest: ${(repollSeconds / fullSeconds).toFixed(2)}×`,
);
if (values.json) console.log(JSON.stringify(report));
