import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';
import { deadlineDaysOf, identifierOf, rawRecords } from '../helpers/raw-snapshots.js';

const DAY = '2026-06-27';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * The issue's scenario with the real service: a replayed day, then `npm start` on a day the
 * portal is unreachable. What it lists is true as of its start, not as of the last poll.
 */
describe('the service started long after the last poll', () => {
  let database: TestDatabase;
  let service: ChildProcess | null = null;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, DAY);
    // A tenant of its own, so the service imports no examples and queues no full re-match.
    const lidingo = (await exampleProfiles()).find((entry) => entry.slug === 'lidingo');
    await importProfile(database.db, 'lidingo', lidingo?.profile as never, systemClock);
    port = await freePort();
    // Node itself, not npx: a signal to npx does not reach the server it starts.
    service = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: '',
        PORT: String(port),
        LOG_LEVEL: 'silent',
        // The portal is down: a closed port.
        FT_PORTAL_SEARCH_URL: 'http://127.0.0.1:9/search',
        FT_PORTAL_TOPIC_DETAILS_URL: 'http://127.0.0.1:9/details',
      },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error('the service did not start within 60 s');
      await sleep(200);
    }
  });

  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = new Promise((resolve) => service?.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
  });

  it('has moved stored statuses on to its start before answering anything', async () => {
    const stale = await queryRows<{ identifier: string }>(
      database.db,
      sql`select c.identifier from calls c where c.status <> 'closed'
          and exists (select 1 from call_deadlines d where d.call_id = c.id)
          and not exists (select 1 from call_deadlines d where d.call_id = c.id
                          and d.deadline_at >= ${new Date().toISOString()}::timestamptz)`,
    );
    expect(stale).toEqual([]);
  });

  it('lists no call whose every deadline the raw records put in the past', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const datesById = new Map<string, string[]>();
    for (const record of await rawRecords(DAY)) {
      const id = identifierOf(record);
      datesById.set(id, [...(datesById.get(id) ?? []), ...deadlineDaysOf(record)]);
    }
    const identifiers: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await fetch(
        `http://127.0.0.1:${port}/v1/calls?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.status).toBe(200);
      const page = (await response.json()) as {
        items: Array<{ identifier: string }>;
        nextCursor: string | null;
      };
      identifiers.push(...page.items.map((item) => item.identifier));
      cursor = page.nextCursor;
    } while (cursor);
    expect(identifiers.length).toBeGreaterThan(0);
    const pastOnly = identifiers.filter((id) => {
      const dates = datesById.get(id) ?? [];
      // Local dates a day before today's UTC date are past in any European time zone.
      return dates.length > 0 && dates.every((date) => date < today);
    });
    expect(pastOnly).toEqual([]);
  });
});
