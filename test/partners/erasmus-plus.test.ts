import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  organisationSources,
  organisations,
  participations,
  partnerProjects,
} from '../../src/db/schema/index.js';
import { importPartnerFiles } from '../../src/partners/import-files.js';
import { typeFromName } from '../../src/partners/organisation-types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { distinct, partnerTables } from '../helpers/partners.js';
import { fixturePath } from '../helpers/shared.js';

// Each stub is one real "Projects_Overview" row parsed into an object keyed by the CSV's
// headers (the fixtures README); the importer reads CSV, so each becomes a one-row CSV
// with its keys as the header, in order, every value quoted.
const stubsDir = fixturePath('partners', 'erasmus_plus', 'eubfr_eac_stubs');
type Stub = Record<string, string>;
const stubs = readdirSync(stubsDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({
    name,
    row: JSON.parse(readFileSync(path.join(stubsDir, name), 'utf8')) as Stub,
  }));

const quoted = (value: string) => `"${String(value).replace(/"/g, '""')}"`;
const csvOf = (row: Stub) =>
  `${Object.keys(row).map(quoted).join(',')}\r\n${Object.values(row).map(quoted).join(',')}\r\n`;

const idOf = (row: Stub) => (row['Project Identifier'] || row['Project Number'] || '').trim();
/** The coordinator and every partner with a name, as the stub states them. */
function participantsOf(row: Stub) {
  const coordinator = (
    row['Coordinating organisation name'] ??
    row["Coordinator's name"] ??
    ''
  ).trim();
  const all = [
    {
      name: coordinator,
      type: row['Coordinating organisation type'] ?? row['Coordinator organisation type'] ?? '',
      address: row["Coordinator's address"] ?? '',
      country: row["Coordinator's country"] ?? '',
    },
  ];
  for (let n = 1; `Partner ${n} name` in row; n += 1)
    all.push({
      name: (row[`Partner ${n} name`] ?? '').trim(),
      type: row[`Partner ${n} organisation type`] ?? '',
      address: row[`Partner ${n} address`] ?? '',
      country: row[`Partner ${n} country`] ?? '',
    });
  return all.filter((participant) => participant.name !== '');
}
const withId = stubs.filter(({ row }) => idOf(row) !== '');
const everyParticipant = withId.flatMap(({ row }) => participantsOf(row));

describe('partners import: Erasmus+ project overviews (wide layout, partners 1..100)', () => {
  let database: TestDatabase;
  let folder: string;
  let files: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = mkdtempSync(path.join(tmpdir(), 'erasmus-plus-'));
    files = stubs.map(({ name, row }) => {
      const file = path.join(folder, name.replace(/\.json$/, '.csv'));
      writeFileSync(file, csvOf(row));
      return file;
    });
  });

  afterAll(async () => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    await database?.drop();
  });

  const tally = () => partnerTables(database.db);
  const organisationNamed = async (name: string) =>
    (
      await database.db
        .select({
          id: organisations.id,
          type: organisations.type,
          country: organisations.country,
          city: organisations.city,
        })
        .from(organisations)
        .innerJoin(organisationSources, eq(organisationSources.organisationId, organisations.id))
        .where(eq(organisationSources.name, name))
    )[0];

  it('imports a project per row, the coordinator and every filled partner', async () => {
    const summary = await importPartnerFiles(database.db, { format: 'erasmus-plus', files });
    // One organisation per name and country: the stubs have no PIC or OID columns, and the
    // same school coordinating two projects (Oberschule Eschen, 2016 and 2018) is one.
    const bodies = distinct(everyParticipant.map((p) => `${p.name}|${p.country}`));
    expect(withId.length).toBe(stubs.length);
    expect(summary).toMatchObject({
      rows: stubs.length,
      skipped: stubs.length - withId.length,
      projectsNew: distinct(withId.map(({ row }) => idOf(row))),
      participationsNew: everyParticipant.length,
      organisationsNew: bodies,
      organisationsMerged: 0,
    });
    expect(await tally()).toEqual({
      organisations: bodies,
      projects: withId.length,
      participations: everyParticipant.length,
      sources: bodies,
    });
    const repeated = [...new Set(everyParticipant.map((p) => p.name))].filter(
      (name) => everyParticipant.filter((p) => p.name === name).length > 1,
    );
    expect(repeated.length).toBeGreaterThan(0);
    for (const name of repeated) {
      const organisation = await organisationNamed(name);
      const [taken] = await database.db
        .select({ n: count() })
        .from(participations)
        .where(eq(participations.organisationId, organisation?.id as string));
      expect(taken?.n, name).toBe(everyParticipant.filter((p) => p.name === name).length);
    }
  });

  it('maps EL and UK to GR and GB, and reads the country Culture 2007-2013 puts after the name', async () => {
    const countryCount = async (code: string) =>
      (
        await database.db
          .select({ n: count() })
          .from(organisations)
          .where(eq(organisations.country, code))
      )[0]?.n;
    const named = (code: string) =>
      distinct(everyParticipant.filter((p) => p.country === code).map((p) => p.name));
    expect(named('EL')).toBeGreaterThan(0);
    expect(named('UK')).toBeGreaterThan(0);
    expect(await countryCount('GR')).toBe(named('EL'));
    expect(await countryCount('GB')).toBe(named('UK'));
    expect(await countryCount('EL')).toBe(0);
    expect(await countryCount('UK')).toBe(0);

    // "Kunstencentrum Vooruit, Belgium": the organisation is "Kunstencentrum Vooruit", in BE.
    const englishName = new Intl.DisplayNames(['en'], { type: 'region' });
    const culture = stubs.find(({ name }) => name.startsWith('Culture_'))?.row as Stub;
    const countryInName = participantsOf(culture).filter(
      (p) => p.country === '' && p.name.includes(','),
    );
    expect(countryInName.length).toBeGreaterThan(0);
    for (const partner of countryInName) {
      const comma = partner.name.lastIndexOf(',');
      const organisation = await organisationNamed(partner.name.slice(0, comma).trim());
      expect(organisation?.country, partner.name).not.toBeNull();
      expect(englishName.of(organisation?.country as string), partner.name).toBe(
        partner.name
          .slice(comma + 1)
          .trim()
          .replace(/^the /, ''),
      );
    }
  });

  it('types organisations by name first, then by the Erasmus+ organisation type', async () => {
    const expectations: Array<[(type: string) => boolean, string]> = [
      [(type) => type.startsWith('School/Institute/Educational centre'), 'school'],
      [(type) => type.startsWith('Higher education institution'), 'university'],
      [(type) => type === 'Local Public body', 'municipality'],
      [(type) => type.startsWith('Non-governmental organisation'), 'ngo'],
    ];
    for (const [matches, expected] of expectations) {
      const typed = everyParticipant.filter(
        (p) => matches(p.type) && typeFromName(p.name) === null,
      );
      expect(typed.length, expected).toBeGreaterThan(0);
      for (const participant of typed)
        expect((await organisationNamed(participant.name))?.type, participant.name).toBe(expected);
    }
    // A name that says municipality ("VILANU NOVADA PASVALDIBA", type "Other") wins.
    const byName = everyParticipant.filter((p) => typeFromName(p.name) !== null);
    expect(byName.length).toBeGreaterThan(0);
    for (const participant of byName)
      expect((await organisationNamed(participant.name))?.type, participant.name).toBe(
        typeFromName(participant.name),
      );
  });

  it('takes the city after the postcode, the programme, the family and the years', async () => {
    // Erasmus+ writes "street, postcode, CITY".
    const threeParts = everyParticipant.filter((p) =>
      /^[^,]+, [\dA-Z -]+, [^,\d]+$/.test(p.address),
    );
    expect(threeParts.length).toBeGreaterThan(10);
    for (const participant of threeParts)
      expect((await organisationNamed(participant.name))?.city, participant.address).toBe(
        participant.address.split(', ').at(-1),
      );
    for (const { row } of withId) {
      const [project] = await database.db
        .select()
        .from(partnerProjects)
        .where(eq(partnerProjects.sourceKey, idOf(row)));
      expect(project?.title).toBe(row['Project Title']?.trim());
      const notErasmus =
        row.Programme === 'Creative Europe' ||
        (row['Programme Funding'] ?? '').startsWith('Culture\\');
      expect(project?.family, idOf(row)).toBe(notErasmus ? 'other' : 'erasmus-plus');
      if (row['Key Action'])
        expect(project?.programme).toBe(
          `${row.Programme} / ${row['Key Action']} / ${row['Action Type']}`,
        );
      const start = /\d{4}/.exec(row['Start date'] ?? '')?.[0] ?? row['Call year'];
      expect(project?.startYear, idOf(row)).toBe(start ? Number(start) : null);
      const end = /\d{4}/.exec(row['End date'] ?? '')?.[0];
      expect(project?.endYear, idOf(row)).toBe(end ? Number(end) : null);
    }
  });

  it('adds nothing when the same files are imported again', async () => {
    const before = await tally();
    const summary = await importPartnerFiles(database.db, { format: 'erasmus-plus', files });
    expect(summary).toMatchObject({
      rows: stubs.length,
      organisationsNew: 0,
      organisationsMerged: 0,
      projectsNew: 0,
      participationsNew: 0,
    });
    expect(await tally()).toEqual(before);
  });
});
