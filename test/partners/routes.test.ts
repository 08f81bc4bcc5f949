import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../src/db/schema/index.js';
import { importPartnerFiles } from '../../src/partners/import-files.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fixturePath } from '../helpers/shared.js';
import { ensureFtPortalSource } from '../helpers/sources.js';
import { seedExampleTenants } from '../helpers/tenants.js';

const rcnFile = fixturePath(
  'partners',
  'norway_forskningsradet',
  'bevilgningereu_h2020_sample.csv',
);

describe('GET /v1/partners/search', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let coordinator: { authorization: string };
  const clock = new ManualClock(new Date('2026-12-01T08:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase();
    await importPartnerFiles(database.db, { format: 'rcn-grants', files: [rcnFile] });
    await seedExampleTenants(database.db, clock, ['fredrikstad', 'lidingo']);
    app = await buildTestApp({ db: database.db, clock });
    coordinator = (await testKey(database.db, clock, 'coordinator', 'fredrikstad')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const search = (query: string, headers: Record<string, string> = coordinator) =>
    app.inject({ method: 'GET', url: `/v1/partners/search?${query}`, headers });

  it('answers ranked organisations with their projects as evidence, a page at a time', async () => {
    const first = await search('q=velferdsteknologi&limit=2');
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.items).toHaveLength(2);
    for (const item of page.items) {
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining(['name', 'country', 'city', 'type', 'score', 'evidence']),
      );
      expect(item.evidence[0]).toEqual(
        expect.objectContaining({ acronym: expect.any(String), title: expect.any(String) }),
      );
      expect(item.evidence[0].years).toHaveLength(2);
      expect(['coordinator', 'partner']).toContain(item.evidence[0].role);
    }
    expect(page.items[0].score).toBeGreaterThanOrEqual(page.items[1].score);
    expect(page.nextCursor).toEqual(expect.any(String));
    const second = (
      await search(`q=velferdsteknologi&limit=2&cursor=${encodeURIComponent(page.nextCursor)}`)
    ).json();
    const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);
    expect(ids(second.items).some((id: string) => ids(page.items).includes(id))).toBe(false);
    expect(second.items[0].score).toBeLessThanOrEqual(page.items[1].score);
  });

  it('filters by types and countries, and refuses what it cannot read', async () => {
    const universities = (await search('q=klimatilpasning&types=university')).json();
    expect(universities.items.length).toBeGreaterThan(0);
    for (const item of universities.items) expect(item.type).toBe('university');
    expect((await search('q=klimatilpasning&countries=SE,FI')).json().items).toEqual([]);
    const wrongType = await search('q=klima&types=castle');
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().message).toMatch(/^types: "castle" is not one of municipality/);
    expect((await search('q=klima&programmes=fp5')).statusCode).toBe(400);
    expect((await search('q=klima&from=2022&to=2020')).statusCode).toBe(400);
    expect((await search('q=klima&cursor=bm9wZQ')).statusCode).toBe(400);
    // A cursor of another query is not this one's.
    const page = (await search('q=klimatilpasning&limit=1')).json();
    const other = await search(`q=energi&limit=1&cursor=${encodeURIComponent(page.nextCursor)}`);
    expect(other.statusCode).toBe(400);
  });

  it('lists the partner requests made for a call, without contact details', async () => {
    const file = fileURLToPath(
      new URL(
        '../fixtures/partners/sedia-person/search_announcements_written-sample.json',
        import.meta.url,
      ),
    );
    await importPartnerFiles(database.db, { format: 'sedia-person', files: [file] });
    const results = (
      JSON.parse(readFileSync(file, 'utf8')) as {
        results: Array<{ metadata: { topicIdentifier?: string[] } }>;
      }
    ).results;
    const topic = 'CERV-2026-CITIZENS-TOWN-TT';
    const expected = results.filter(
      (result) => result.metadata.topicIdentifier?.[0] === topic,
    ).length;
    expect(expected).toBeGreaterThan(0);
    await ensureFtPortalSource(database.db);
    const [call] = await database.db
      .insert(calls)
      .values({
        sourceId: 'ft-portal',
        naturalKey: topic,
        identifier: topic,
        callIdentifier: 'CERV-2026-CITIZENS-TOWN',
        title: 'Town twinning',
        status: 'open',
        sourceUrl: 'https://ec.europa.eu/',
        contentHash: 'x',
        firstSeenAt: clock.now(),
        lastSeenAt: clock.now(),
      })
      .returning({ id: calls.id });
    const response = await app.inject({
      method: 'GET',
      url: `/v1/calls/${call?.id}/partner-requests`,
      headers: coordinator,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    // The call's topic and its call identifier both name announcements.
    const byCall = results.filter(
      (result) =>
        result.metadata.topicIdentifier?.[0] === topic ||
        (result.metadata as { callIdentifier?: string[] }).callIdentifier?.[0] ===
          'CERV-2026-CITIZENS-TOWN',
    ).length;
    expect(body.items).toHaveLength(byCall);
    expect(body.items.length).toBeGreaterThanOrEqual(expected);
    expect(response.body).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    const missing = await app.inject({
      method: 'GET',
      url: '/v1/calls/00000000-0000-4000-8000-000000000000/partner-requests',
      headers: coordinator,
    });
    expect(missing.statusCode).toBe(404);
  });

  it("ranks the asking municipality's twin town first among equals", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'twins-'));
    try {
      // Two municipalities in the same project with the same role: equal by what they did.
      const header =
        'Prosjektnr;Prosjektkortnavn;Prosjektnavn;Organisasjonsnummer;Organisasjonsnavn;Organisasjon rolle;Adresse kommune';
      const project = '990100;HOMECARE;Welfare technology for elderly care at home';
      writeFileSync(
        path.join(folder, 'grants.csv'),
        [
          header,
          `${project};999100001;NORDSTAD KOMMUNE;PARTICIPANT;Nordstad`,
          `${project};999100002;SØRBY KOMMUNE;PARTICIPANT;Sørby`,
        ].join('\r\n'),
      );
      writeFileSync(path.join(folder, 'pairs.tsv'), 'Q900001\tQ900002\nQ900002\tQ900001\n');
      writeFileSync(path.join(folder, 'names.tsv'), 'Q900001\tFredrikstad\nQ900002\tSørby\n');
      await importPartnerFiles(database.db, {
        format: 'rcn-grants',
        files: [path.join(folder, 'grants.csv')],
      });
      await importPartnerFiles(database.db, {
        format: 'wikidata-twins',
        files: [path.join(folder, 'pairs.tsv'), path.join(folder, 'names.tsv')],
      });
    } finally {
      rmSync(folder, { recursive: true });
    }
    const names = (body: { items: Array<{ name: string; twinTown: boolean }> }) =>
      body.items.filter((item) => /NORDSTAD|SØRBY/.test(item.name));
    const asFredrikstad = names((await search('q=velferdsteknologi&types=municipality')).json());
    expect(asFredrikstad.map((item) => [item.name, item.twinTown])).toEqual([
      ['SØRBY KOMMUNE', true],
      ['NORDSTAD KOMMUNE', false],
    ]);
    // Another municipality has no twin among them: the two are equals, by name.
    const lidingo = (await testKey(database.db, clock, 'coordinator', 'lidingo')).headers;
    const asLidingo = names(
      (await search('q=velferdsteknologi&types=municipality', lidingo)).json(),
    );
    expect(asLidingo.map((item) => [item.name, item.twinTown])).toEqual([
      ['NORDSTAD KOMMUNE', false],
      ['SØRBY KOMMUNE', false],
    ]);
  });

  it('asks for a key', async () => {
    expect((await search('q=klima', {})).statusCode).toBe(401);
  });
});
