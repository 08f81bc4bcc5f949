import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { systemClock } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import { type PollSummary, runSourcePoll } from '../../src/ingest/run-poll.js';
import { FT_PORTAL_SOURCE_ID } from '../../src/sources/built-in.js';
import { collectFtPortalSnapshot } from '../../src/sources/ft-portal.js';
import { dailySnapshotFolder } from './raw-snapshots.js';
import { ensureFtPortalSource } from './sources.js';
import { silentLogger } from './workers.js';

/** Stores one recorded daily snapshot straight from disk, statuses as of its day. */
export async function ingestSnapshot(db: Database, day: string): Promise<PollSummary> {
  await ensureFtPortalSource(db);
  const now = startOfLocalDay(day, BRUSSELS);
  return runSourcePoll(
    { db, logger: silentLogger, clock: systemClock },
    {
      sourceId: FT_PORTAL_SOURCE_ID,
      asOf: day,
      now,
      collect: () => collectFtPortalSnapshot(dailySnapshotFolder(day), now),
    },
  );
}
