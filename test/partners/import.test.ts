import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  organisationIdentifiers,
  organisationSources,
  organisations,
} from '../../src/db/schema/index.js';
import { detachSource } from '../../src/partners/detach.js';
import { importPartnerFiles } from '../../src/partners/import-files.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { distinct, partnerTables } from '../helpers/partners.js';
import { fixturePath } from '../helpers/shared.js';

const cordisFile = fixturePath('partners', 'cordis', 'h2020_organization_sample.csv');
const rcnFile = fixturePath(
  'partners',
  'norway_forskningsradet',
  'bevilgningereu_h2020_sample.csv',
);
type Row = Record<string, string>;
const cordisRows = parse(readFileSync(cordisFile), { columns: true }) as Row[];
const rcnRows = parse(readFileSync(rcnFile), { columns: true, delimiter: ';', bom: true }) as Row[];

describe('partners import: CORDIS organisations and the Research Council of Norway', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const tally = () => partnerTables(database.db);

  it('imports every CORDIS row, one organisation per PIC, countries as ISO codes', async () => {
    const summary = await importPartnerFiles(database.db, {
      format: 'cordis-organizations',
      files: [cordisFile],
    });
    const pics = distinct(cordisRows.map((row) => row.organisationID as string));
    const projects = distinct(cordisRows.map((row) => row.projectID as string));
    expect(summary).toMatchObject({ rows: cordisRows.length, skipped: 0, projectsNew: projects });
    expect(summary.organisationsNew + summary.organisationsMerged).toBe(pics);
    // PICs of one organisation (the same VAT number, or name and city) are merged: every
    // row's (project, organisation) pair once, as the file's rows map to organisations.
    const organisationOfPic = new Map(
      (
        await database.db
          .select({ key: organisationSources.sourceKey, id: organisationSources.organisationId })
          .from(organisationSources)
      ).map((row) => [row.key, row.id]),
    );
    const pairs = distinct(
      cordisRows.map(
        (row) => `${row.projectID}/${organisationOfPic.get(`pic:${row.organisationID}`)}`,
      ),
    );
    expect(await tally()).toMatchObject({
      organisations: pics - summary.organisationsMerged,
      projects,
      participations: pairs,
      sources: pics,
    });
    const reasons = await queryRows<{ why: string }>(
      database.db,
      sql`select why from organisation_sources where why <> 'new'`,
    );
    for (const { why } of reasons) expect(why).toMatch(/^same (VAT|name)/);
    console.log(
      'MERGES',
      JSON.stringify(
        await queryRows(
          database.db,
          sql`select s.source_key, s.name, s.why, o.name as into, o.country from organisation_sources s join organisations o on o.id = s.organisation_id where s.why <> 'new'`,
        ),
      ),
    );
    // EU codes: the file's UK and EL rows are GB and GR here.
    const ukPics = distinct(
      cordisRows.filter((row) => row.country === 'UK').map((row) => row.organisationID as string),
    );
    expect(ukPics).toBeGreaterThan(0);
    const [gb] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(distinct i.value)::int as n from organisation_identifiers i
        join organisations o on o.id = i.organisation_id where i.scheme = 'pic' and o.country = 'GB'`,
    );
    expect(gb?.n).toBe(ukPics);
    const [uk] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from organisations where country in ('UK', 'EL')`,
    );
    expect(uk?.n).toBe(0);
    // Universities by CORDIS's activity type.
    const hesPic = cordisRows.find((row) => row.activityType === 'HES')?.organisationID as string;
    const [university] = await database.db
      .select({ type: organisations.type })
      .from(organisations)
      .innerJoin(
        organisationIdentifiers,
        eq(organisationIdentifiers.organisationId, organisations.id),
      )
      .where(eq(organisationIdentifiers.value, hesPic));
    expect(university?.type).toBe('university');
  });

  it('adds nothing when the same file is imported again', async () => {
    const before = await tally();
    const summary = await importPartnerFiles(database.db, {
      format: 'cordis-organizations',
      files: [cordisFile],
    });
    expect(summary).toMatchObject({
      organisationsNew: 0,
      organisationsMerged: 0,
      projectsNew: 0,
      participationsNew: 0,
    });
    expect(await tally()).toEqual(before);
  });

  it("types the Norwegian file's municipalities and county councils, and merges on a shared grant", async () => {
    const summary = await importPartnerFiles(database.db, {
      format: 'rcn-grants',
      files: [rcnFile],
    });
    expect(summary).toMatchObject({ rows: rcnRows.length, skipped: 0 });
    const names = (pattern: RegExp) =>
      [...new Set(rcnRows.map((row) => row.Organisasjonsnavn as string))].filter((name) =>
        pattern.test(name),
      );
    const countyCouncils = names(/FYLKESKOMMUNE$/);
    const municipalities = names(/ KOMMUNE$/).filter((name) => !/FYLKESKOMMUNE$/.test(name));
    expect(countyCouncils.length).toBeGreaterThan(0);
    expect(municipalities.length).toBeGreaterThan(0);
    const typeOf = async (name: string) =>
      (
        await database.db
          .select({ type: organisations.type })
          .from(organisations)
          .innerJoin(organisationSources, eq(organisationSources.organisationId, organisations.id))
          .where(eq(organisationSources.name, name))
      )[0]?.type;
    for (const name of countyCouncils) expect(await typeOf(name), name).toBe('region');
    for (const name of municipalities) expect(await typeOf(name), name).toBe('municipality');

    // MODE SENSORS AS: in CORDIS (PIC) and in the Norwegian file (organisation number) on
    // the same grant: one organisation, with both identifiers and the reason.
    const cordisRow = cordisRows.find((row) => row.name === 'MODE SENSORS AS') as Row;
    const rcnRow = rcnRows.find(
      (row) =>
        row.Organisasjonsnavn === 'MODE SENSORS AS' && row.Prosjektnr === cordisRow.projectID,
    ) as Row;
    expect(rcnRow).toBeDefined();
    const [merged] = await database.db
      .select({ organisationId: organisationSources.organisationId, why: organisationSources.why })
      .from(organisationSources)
      .where(eq(organisationSources.sourceKey, `no-orgnr:${rcnRow.Organisasjonsnummer}`));
    const identifiers = await database.db
      .select({ scheme: organisationIdentifiers.scheme, value: organisationIdentifiers.value })
      .from(organisationIdentifiers)
      .where(eq(organisationIdentifiers.organisationId, merged?.organisationId as string));
    expect(identifiers).toEqual(
      expect.arrayContaining([
        { scheme: 'pic', value: cordisRow.organisationID },
        { scheme: 'no-orgnr', value: rcnRow.Organisasjonsnummer },
      ]),
    );
    expect(merged?.why).toMatch(/same name/);
  });

  it('undoes a wrong merge: the row is its own organisation again, and stays so', async () => {
    const rcnRow = rcnRows.find((row) => row.Organisasjonsnavn === 'MODE SENSORS AS') as Row;
    const key = `no-orgnr:${rcnRow.Organisasjonsnummer}`;
    const { organisationId, from } = await detachSource(database.db, {
      dataset: 'rcn-grants',
      sourceKey: key,
    });
    expect(organisationId).not.toBe(from);
    const owner = async (value: string) =>
      (
        await database.db
          .select({ id: organisationIdentifiers.organisationId })
          .from(organisationIdentifiers)
          .where(eq(organisationIdentifiers.value, value))
      )[0]?.id;
    expect(await owner(rcnRow.Organisasjonsnummer as string)).toBe(organisationId);
    const cordisRow = cordisRows.find((row) => row.name === 'MODE SENSORS AS') as Row;
    expect(await owner(cordisRow.organisationID as string)).toBe(from);
    const [source] = await database.db
      .select({ why: organisationSources.why })
      .from(organisationSources)
      .where(eq(organisationSources.sourceKey, key));
    expect(source?.why).toBe('detached by an admin');
    const again = await importPartnerFiles(database.db, { format: 'rcn-grants', files: [rcnFile] });
    expect(again).toMatchObject({ organisationsNew: 0, organisationsMerged: 0 });
    expect(await owner(rcnRow.Organisasjonsnummer as string)).toBe(organisationId);
  });

  it('keeps two organisations with the same name in different cities apart', async () => {
    const before = await tally();
    const rows = [
      {
        Prosjektnr: '990001',
        Organisasjonsnavn: 'NORDIC WATER AS',
        Organisasjonsnummer: '999000001',
        'Adresse kommune': 'Bergen',
      },
      {
        Prosjektnr: '990002',
        Organisasjonsnavn: 'NORDIC WATER AS',
        Organisasjonsnummer: '999000002',
        'Adresse kommune': 'Tromsø',
      },
    ];
    const header = Object.keys(rows[0] as object).join(';');
    const file = `${database.url.replace(/[^a-z0-9]/gi, '')}.csv`;
    const { writeFileSync, rmSync } = await import('node:fs');
    const path = `/tmp/${file}`;
    writeFileSync(path, [header, ...rows.map((row) => Object.values(row).join(';'))].join('\r\n'));
    try {
      await importPartnerFiles(database.db, { format: 'rcn-grants', files: [path] });
    } finally {
      rmSync(path);
    }
    const after = await tally();
    expect((after.organisations as number) - (before.organisations as number)).toBe(2);
  });

  it('refuses an unknown format, naming the ones there are', async () => {
    await expect(
      importPartnerFiles(database.db, { format: 'keep-eu-xlsx', files: [cordisFile] }),
    ).rejects.toThrow(/format: "keep-eu-xlsx" is not one of cordis-organizations, .*rcn-grants/);
  });
});
