import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interregAlgoliaKind } from '../../scrapers/interreg-algolia/index.js';
import type { NormalisedCall } from '../../scrapers/types.js';
import { getCall, listCalls } from '../../src/calls/repository.js';
import { callChanges, calls, sources } from '../../src/db/schema/index.js';
import { runSourcePoll } from '../../src/ingest/run-poll.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fixturePath } from '../helpers/shared.js';
import { silentLogger } from '../helpers/workers.js';

/**
 * The same Interreg call from interreg.eu's index and from the programme's own site: one
 * call, both links, the programme site's deadline, and one change row when it moves.
 */
describe('one call seen by two sources', () => {
  let database: TestDatabase;
  const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));
  const deps = () => ({ db: database.db, logger: silentLogger, clock });
  let indexRecords: NormalisedCall[];
  let shared: NormalisedCall;

  /** The programme's own page of the call: its cut-off hour (14:00 Madrid), its own URL. */
  function programmeSiteRecord(deadline: { at: string; day: string }): NormalisedCall {
    return {
      ...shared,
      naturalKey: 'https://interreg-sudoe.eu/3a-convocatoria/',
      identifier: 'SUDOE-3',
      // The programme's card says less than the index: no call number, no budget.
      callIdentifier: null,
      budget: null,
      sourceUrl: 'https://interreg-sudoe.eu/3a-convocatoria/',
      links: [{ label: 'Programme page', url: 'https://interreg-sudoe.eu/3a-convocatoria/' }],
      deadlines: [
        {
          stage: 1,
          deadlineAt: new Date(deadline.at),
          localDate: deadline.day,
          timeZone: 'Europe/Madrid',
        },
      ],
    };
  }

  async function poll(sourceId: string, records: NormalisedCall[]) {
    return runSourcePoll(deps(), {
      sourceId,
      asOf: '2026-06-01',
      now: clock.now(),
      collect: async () => ({
        records,
        pages: 1,
        received: records.length,
        skipped: 0,
        legacyRecords: 0,
        emptyPages: [],
        warnings: [],
      }),
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const folder = path.dirname(
      fixturePath('sources', 'interreg-eu', 'algolia-calls-for-projects.projection.json'),
    );
    const settings = interregAlgoliaKind.parseSettings({});
    indexRecords = (
      await interregAlgoliaKind.replay({
        folder,
        baseUrl: 'https://interreg.eu/calls-for-projects/',
        settings,
        now: clock.now(),
      })
    ).records;
    // The index's record of the call with a budget (as a richer source would give it).
    shared = {
      ...(indexRecords[0] as NormalisedCall),
      budget: {
        currency: 'EUR',
        total: 12_000_000,
        minPerGrant: null,
        maxPerGrant: null,
        expectedGrants: null,
      },
    };
    indexRecords = [shared, ...indexRecords.slice(1)];
    await database.db.insert(sources).values([
      {
        id: 'interreg-eu',
        kind: 'interreg-algolia',
        name: 'interreg.eu',
        baseUrl: 'https://interreg.eu/calls-for-projects/',
        schedule: '0 5 * * *',
      },
      {
        id: 'sudoe',
        kind: 'html-list',
        name: 'Interreg Sudoe',
        baseUrl: 'https://interreg-sudoe.eu/',
        schedule: '0 5 * * *',
      },
    ]);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('is one call with both links and the programme site deadline', async () => {
    expect(indexRecords.length).toBeGreaterThan(1);
    const day = shared.deadlines[0]?.localDate as string;
    await poll('interreg-eu', indexRecords);
    await poll('sudoe', [programmeSiteRecord({ at: `${day}T12:00:00Z`, day })]);

    const rows = await database.db
      .select({ id: calls.id, sourceId: calls.sourceId, canonicalId: calls.canonicalId })
      .from(calls)
      .where(eq(calls.title, shared.title));
    expect(rows).toHaveLength(2);
    const site = rows.find((row) => row.sourceId === 'sudoe');
    const index = rows.find((row) => row.sourceId === 'interreg-eu');
    expect(site?.canonicalId).toBeNull();
    expect(index?.canonicalId).toBe(site?.id);

    // Listed once: the other index calls are listed as well, each once.
    const listed = await listCalls(database.db, { status: 'all', limit: 100 });
    expect(listed.items.filter((item) => item.title === shared.title)).toHaveLength(1);
    expect(listed.items).toHaveLength(indexRecords.length);

    // The sighting's id answers with the call; both sources' pages are linked.
    const detail = await getCall(database.db, index?.id as string);
    expect(detail?.id).toBe(site?.id);
    expect(detail?.deadlines.map((deadline) => deadline.deadlineAt)).toEqual([
      new Date(`${day}T12:00:00Z`).toISOString(),
    ]);
    expect(
      detail?.sightings.map((sighting) => [sighting.sourceId, sighting.authoritative]),
    ).toEqual([
      ['sudoe', true],
      ['interreg-eu', false],
    ]);
    // What the programme's card leaves out comes from the index's record.
    expect(detail?.budget).toEqual(shared.budget);
    expect(shared.budget).not.toBeNull();
    const urls = detail?.links.map((link) => link.url) ?? [];
    expect(urls).toContain('https://interreg-sudoe.eu/3a-convocatoria/');
    expect(urls).toContain(shared.sourceUrl);
  });

  it('records a deadline that moves in both sources once', async () => {
    const moved = { at: '2026-11-16T13:00:00Z', day: '2026-11-16' };
    const movedIndex = indexRecords.map((record) =>
      record.naturalKey === shared.naturalKey
        ? {
            ...record,
            deadlines: [
              {
                stage: 1,
                deadlineAt: new Date(`${moved.day}T00:00:00Z`),
                localDate: moved.day,
                timeZone: 'UTC',
              },
            ],
          }
        : record,
    );
    clock.set(new Date('2026-06-02T08:00:00Z'));
    await poll('interreg-eu', movedIndex);
    await poll('sudoe', [programmeSiteRecord(moved)]);

    const group = await database.db
      .select({ id: calls.id })
      .from(calls)
      .where(eq(calls.title, shared.title));
    const changes = await database.db
      .select({ kind: callChanges.kind, callId: callChanges.callId })
      .from(callChanges)
      .where(
        and(
          inArray(
            callChanges.callId,
            group.map((row) => row.id),
          ),
          eq(callChanges.kind, 'deadline'),
        ),
      );
    expect(changes).toHaveLength(1);
    const detail = await getCall(database.db, changes[0]?.callId as string);
    expect(detail?.sightings[0]?.sourceId).toBe('sudoe');
    expect(detail?.deadlines[0]?.deadlineAt).toBe(new Date(moved.at).toISOString());
  });
});
