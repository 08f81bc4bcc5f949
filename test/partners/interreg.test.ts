import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationSources, organisations, partnerProjects } from '../../src/db/schema/index.js';
import { importPartnerFiles } from '../../src/partners/import-files.js';
import { normaliseName } from '../../src/partners/names.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { distinct, partnerTables } from '../helpers/partners.js';
import { fixturePath } from '../helpers/shared.js';

interface SwedishRow {
  program: string;
  projekttyp: string;
  projektnamn: string;
  organisationsnamn: string | null;
  organisationsroll: string;
  organisationstyp: string | null;
  nuts3: string | null;
  partnerbudget: number;
  land: string;
}
const swedishFile = fixturePath(
  'partners',
  'interreg',
  'se_tillvaxtverket_swedish_partners_interreg_2021_2027.json',
);
const swedishRows = JSON.parse(readFileSync(swedishFile, 'utf8')) as SwedishRow[];
const named = swedishRows.filter((row) => row.organisationsnamn);
// The keys the extract's rows stand for: see the importer for why a feasibility study is apart.
const projectKeyOf = (row: SwedishRow) =>
  `${row.program}|${row.projektnamn}${row.projekttyp === 'Feasibility study' ? '|feasibility study' : ''}`;
const organisationKeyOf = (row: SwedishRow) =>
  `name:${normaliseName(row.organisationsnamn as string)}|SE|${row.nuts3 ?? ''}`;

const keepDir = path.dirname(fixturePath('sources', 'keep-eu', 'README.md'));
const keepFiles = readdirSync(keepDir)
  .filter((file) => /^project-\d+\.projection\.json$/.test(file))
  .map((file) => path.join(keepDir, file));
interface KeepFixture {
  id: number;
  programme: { title: string };
  start_date: string;
  end_date: string;
  translations: { en: { name: string } };
  partnerships: Array<{
    id: number;
    type: string;
    pic: string | null;
    town: string;
    organisation_type: string | null;
    partner: { id: number; name: string; country: { title: string } };
  }>;
}
const keepProjects = keepFiles.map((file) => JSON.parse(readFileSync(file, 'utf8')) as KeepFixture);
const keepPartnerships = keepProjects.flatMap((project) => project.partnerships);
/** The ISO codes of the fixtures' country titles, written out to check the importer's table. */
const ISO_OF_TITLE: Record<string, string> = {
  Bulgaria: 'BG',
  Georgia: 'GE',
  Moldova: 'MD',
  Romania: 'RO',
  Turkey: 'TR',
};

describe('partners import: Interreg (Tillväxtverket Swedish partners, keep.eu projects)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const tally = () => partnerTables(database.db);
  const organisationOfSource = async (dataset: string) =>
    new Map(
      (
        await database.db
          .select({ key: organisationSources.sourceKey, id: organisationSources.organisationId })
          .from(organisationSources)
          .where(eq(organisationSources.dataset, dataset))
      ).map((row) => [row.key, row.id]),
    );
  const typeOfOrganisation = async () =>
    new Map(
      (
        await database.db
          .select({ id: organisations.id, type: organisations.type })
          .from(organisations)
      ).map((row) => [row.id, row.type]),
    );

  it('imports the Swedish extract: one project per operation, organisations by name and county', async () => {
    const summary = await importPartnerFiles(database.db, {
      format: 'interreg-se',
      files: [swedishFile],
    });
    const projects = distinct(named.map(projectKeyOf));
    const sources = distinct(named.map(organisationKeyOf));
    expect(summary).toMatchObject({
      rows: swedishRows.length,
      skipped: swedishRows.length - named.length,
      projectsNew: projects,
    });
    expect(swedishRows.length - named.length).toBeGreaterThan(0);
    expect(summary.organisationsNew + summary.organisationsMerged).toBe(sources);
    const organisationOf = await organisationOfSource('interreg-se');
    const pairs = (rows: SwedishRow[]) =>
      distinct(
        rows.map((row) => `${projectKeyOf(row)}/${organisationOf.get(organisationKeyOf(row))}`),
      );
    expect(await tally()).toMatchObject({
      organisations: sources - summary.organisationsMerged,
      projects,
      participations: pairs(named),
      sources,
    });
    const [coordinators] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from participations where role = 'coordinator'`,
    );
    expect(coordinators?.n).toBe(pairs(named.filter((row) => row.organisationsroll === 'LP')));

    // Every row says "Sverige": every organisation is Swedish, placed in its county's NUTS 3.
    expect([...new Set(swedishRows.map((row) => row.land))]).toEqual(['Sverige']);
    const places = await queryRows<{ country: string | null; nuts: string | null }>(
      database.db,
      sql`select distinct country, nuts from organisations`,
    );
    expect(new Set(places.map((place) => place.country))).toEqual(new Set(['SE']));
    expect(places.every((place) => place.nuts === null || /^SE\d{3}$/.test(place.nuts))).toBe(true);
    const withCounty = places.filter((place) => place.nuts !== null);
    expect(withCounty.length).toBe(
      distinct(named.flatMap((row) => (row.nuts3 ? [row.nuts3] : []))),
    );

    // Types: every "… kommun" a municipality, every "Region …" a region, whatever the
    // row's organisation type says; universities by the extract's type.
    const typeOf = await typeOfOrganisation();
    const typesOf = (pattern: RegExp) => {
      const rows = named.filter((row) => pattern.test(row.organisationsnamn as string));
      expect(rows.length, String(pattern)).toBeGreaterThan(0);
      return rows.map((row) => [
        row.organisationsnamn,
        typeOf.get(organisationOf.get(organisationKeyOf(row)) as string),
      ]);
    };
    for (const [name, type] of typesOf(/kommun$/i))
      expect(type, name as string).toBe('municipality');
    for (const [name, type] of typesOf(/^Region /)) expect(type, name as string).toBe('region');
    const universities = named.filter(
      (row) =>
        row.organisationstyp === 'Higher education and research institution' &&
        /universitet$/i.test(row.organisationsnamn as string),
    );
    expect(universities.length).toBeGreaterThan(0);
    for (const row of universities)
      expect(
        typeOf.get(organisationOf.get(organisationKeyOf(row)) as string),
        row.organisationsnamn as string,
      ).toBe('university');

    // The lead partner's budget is its EU contribution (a real column: float precision).
    const lead = named.find(
      (row) => row.organisationsroll === 'LP' && row.partnerbudget > 0,
    ) as SwedishRow;
    const [stored] = await queryRows<{ role: string; eu: number }>(
      database.db,
      sql`select pa.role, pa.eu_contribution as eu from participations pa
        join partner_projects p on p.id = pa.project_id
        where p.source_key = ${projectKeyOf(lead)} and pa.organisation_id = ${organisationOf.get(organisationKeyOf(lead))}`,
    );
    expect(stored?.role).toBe('coordinator');
    expect(stored?.eu).toBeCloseTo(lead.partnerbudget, -1);
  });

  it('adds nothing when the Swedish extract is imported again', async () => {
    const before = await tally();
    const summary = await importPartnerFiles(database.db, {
      format: 'interreg-se',
      files: [swedishFile],
    });
    expect(summary).toMatchObject({
      organisationsNew: 0,
      organisationsMerged: 0,
      projectsNew: 0,
      participationsNew: 0,
    });
    expect(await tally()).toEqual(before);
  });

  it('imports keep.eu project files: one project each, partners with PIC, country, town and type', async () => {
    expect(keepFiles.length).toBeGreaterThan(0);
    const summary = await importPartnerFiles(database.db, { format: 'keep-eu', files: keepFiles });
    expect(summary).toMatchObject({
      rows: keepPartnerships.length,
      skipped: 0,
      projectsNew: keepProjects.length,
      participationsNew: keepPartnerships.length,
    });
    for (const fixture of keepProjects) {
      const [project] = await database.db
        .select()
        .from(partnerProjects)
        .where(eq(partnerProjects.sourceKey, `keep:${fixture.id}`));
      expect(project).toMatchObject({
        family: 'interreg',
        title: fixture.translations.en.name,
        programme: fixture.programme.title,
        startYear: Number(fixture.start_date.slice(0, 4)),
        endYear: Number(fixture.end_date.slice(0, 4)),
      });
      expect(project?.objective.length).toBeGreaterThan(0);
    }
    const organisationOf = await organisationOfSource('keep-eu');
    expect(organisationOf.size).toBe(distinct(keepPartnerships.map((p) => String(p.partner.id))));
    const stored = new Map(
      (await database.db.select().from(organisations)).map((row) => [row.id, row]),
    );
    for (const partnership of keepPartnerships) {
      const title = partnership.partner.country.title;
      expect(ISO_OF_TITLE[title], title).toBeDefined();
      const organisation = stored.get(
        organisationOf.get(`keep-partner:${partnership.partner.id}`) as string,
      );
      expect(organisation, partnership.partner.name).toMatchObject({
        name: partnership.partner.name,
        country: ISO_OF_TITLE[title],
        city: partnership.town,
      });
    }
    const [pics] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from organisation_identifiers where scheme = 'pic'`,
    );
    expect(pics?.n).toBe(keepPartnerships.filter((p) => p.pic).length);
    const [leads] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from participations pa join partner_projects p on p.id = pa.project_id
        where p.dataset = 'keep-eu' and pa.role = 'coordinator'`,
    );
    expect(leads?.n).toBe(keepPartnerships.filter((p) => p.type === 'lead').length);
    // Types: keep.eu's organisation type, or the English name where the original is Cyrillic
    // and keep.eu gives no type (Община Никопол, "Nikopol Municipality").
    const typeOf = (partnership: (typeof keepPartnerships)[number]) =>
      stored.get(organisationOf.get(`keep-partner:${partnership.partner.id}`) as string)?.type;
    const byType = (value: string) => keepPartnerships.filter((p) => p.organisation_type === value);
    for (const value of [
      'Local public authority',
      'Interest groups including NGOs',
      'National public authority',
    ]) {
      expect(byType(value).length, value).toBeGreaterThan(0);
    }
    for (const p of byType('Local public authority')) expect(typeOf(p)).toBe('municipality');
    for (const p of byType('Interest groups including NGOs')) expect(typeOf(p)).toBe('ngo');
    for (const p of byType('National public authority')) expect(typeOf(p)).toBe('public-agency');
    const nikopol = keepPartnerships.find((p) => p.partner.name === 'Община Никопол');
    expect(nikopol?.organisation_type).toBeNull();
    expect(typeOf(nikopol as (typeof keepPartnerships)[number])).toBe('municipality');
  });

  it('adds nothing when the keep.eu files are imported again', async () => {
    const before = await tally();
    const summary = await importPartnerFiles(database.db, { format: 'keep-eu', files: keepFiles });
    expect(summary).toMatchObject({
      rows: keepPartnerships.length,
      organisationsNew: 0,
      organisationsMerged: 0,
      projectsNew: 0,
      participationsNew: 0,
    });
    expect(await tally()).toEqual(before);
  });
});
