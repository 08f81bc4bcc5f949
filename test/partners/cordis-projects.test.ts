import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { asc, count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participations, partnerProjects } from '../../src/db/schema/index.js';
import { importPartnerFiles } from '../../src/partners/import-files.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { distinct } from '../helpers/partners.js';
import { fixturePath } from '../helpers/shared.js';

type Row = Record<string, string>;
const cordis = (file: string) => fixturePath('partners', 'cordis', file);
const read = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as Row[];

const h2020Projects = cordis('h2020_project_sample.csv');
const h2020Topics = cordis('h2020_topics_sample.csv');
const h2020Organisations = cordis('h2020_organization_sample.csv');
const heProjects = cordis('horizon_europe_project_head100.csv');
const heTopics = cordis('horizon_europe_topics_head100.csv');
const heOrganisations = cordis('horizon_europe_organization_head100.csv');

/** The file's codes as the importer reads them: ";" or "," between codes, each once. */
const codesOf = (value: string | undefined) => [
  ...new Set(
    (value ?? '')
      .split(/[;,]/)
      .map((code) => code.trim())
      .filter(Boolean),
  ),
];
const yearOf = (date: string | undefined) => Number(date?.slice(0, 4));

/** CORDIS's official layout: semicolons, every field in double quotes. */
function writeOfficialCsv(file: string, rows: Row[]): void {
  const header = Object.keys(rows[0] as Row);
  const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = [header, ...rows.map((row) => header.map((column) => row[column] ?? ''))];
  writeFileSync(file, `${lines.map((line) => line.map(quote).join(';')).join('\r\n')}\r\n`);
}

async function withOfficialCsv<T>(name: string, rows: Row[], work: (file: string) => Promise<T>) {
  const file = path.join(tmpdir(), `callradar-${process.pid}-${name}.csv`);
  writeOfficialCsv(file, rows);
  try {
    return await work(file);
  } finally {
    rmSync(file);
  }
}

function useDatabase() {
  const handle = { database: undefined as unknown as TestDatabase };
  beforeAll(async () => {
    handle.database = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.database?.drop();
  });
  const projects = () =>
    handle.database.db
      .select({
        sourceKey: partnerProjects.sourceKey,
        acronym: partnerProjects.acronym,
        title: partnerProjects.title,
        objective: partnerProjects.objective,
        programme: partnerProjects.programme,
        startYear: partnerProjects.startYear,
        endYear: partnerProjects.endYear,
        topics: partnerProjects.topics,
      })
      .from(partnerProjects)
      .orderBy(asc(partnerProjects.sourceKey));
  const byKey = async () => new Map((await projects()).map((row) => [row.sourceKey, row]));
  const participationCount = async () =>
    (await handle.database.db.select({ n: count() }).from(participations))[0]?.n;
  const run = (format: string, files: string[]) =>
    importPartnerFiles(handle.database.db, { format, files });
  return { projects, byKey, participationCount, run };
}

describe('partners import: CORDIS project.csv and topics.csv (Horizon 2020 sample)', () => {
  const { projects, byKey, run } = useDatabase();
  const projectRows = read(h2020Projects);
  const topicRows = read(h2020Topics);

  it('makes one project per id with its title, objective, programme, years and topics', async () => {
    const summary = await run('cordis-projects', [h2020Projects]);
    const ids = distinct(projectRows.map((row) => row.id));
    expect(summary).toMatchObject({
      rows: projectRows.length,
      skipped: 0,
      projectsNew: ids,
      organisationsNew: 0,
      participationsNew: 0,
    });
    const stored = await byKey();
    expect(stored.size).toBe(ids);
    for (const row of projectRows) {
      expect(stored.get(row.id as string), row.id).toEqual({
        sourceKey: row.id,
        acronym: row.acronym,
        title: row.title,
        objective: row.objective,
        programme: 'Horizon 2020',
        startYear: yearOf(row.startDate),
        endYear: yearOf(row.endDate),
        topics: codesOf(row.topics),
      });
    }
    expect(new Set(projectRows.map((row) => row.frameworkProgramme))).toEqual(new Set(['H2020']));
  });

  it('adds nothing on a second import, nor from the same rows in the official semicolon layout', async () => {
    const before = await projects();
    const again = await run('cordis-projects', [h2020Projects]);
    expect(again).toMatchObject({ rows: projectRows.length, projectsNew: 0, skipped: 0 });
    const official = await withOfficialCsv('h2020-projects', projectRows, (file) =>
      run('cordis-projects', [file]),
    );
    expect(official).toMatchObject({ rows: projectRows.length, projectsNew: 0, skipped: 0 });
    expect(await projects()).toEqual(before);
  });

  it('adds topics to known projects once, and skips rows of projects it does not know', async () => {
    const known = new Set(projectRows.map((row) => row.id));
    const unknownRows = topicRows.filter((row) => !known.has(row.projectID));
    // The sample was cut to the project and the organisation files: most rows are the latter's.
    expect(unknownRows.length).toBeGreaterThan(0);
    const summary = await run('cordis-topics', [h2020Topics]);
    expect(summary).toMatchObject({
      rows: topicRows.length,
      skipped: unknownRows.length,
      projectsNew: 0,
    });
    const stored = await byKey();
    expect(stored.size).toBe(known.size);
    for (const row of projectRows) {
      const fromTopics = topicRows.filter((topic) => topic.projectID === row.id);
      const expected = [...new Set([...codesOf(row.topics), ...fromTopics.map((t) => t.topic)])];
      // The same code in project.csv and topics.csv is stored once.
      expect(stored.get(row.id as string)?.topics, row.id).toEqual(expected);
    }
    const before = await projects();
    const again = await run('cordis-topics', [h2020Topics]);
    expect(again).toMatchObject({ skipped: unknownRows.length, projectsNew: 0 });
    expect(await projects()).toEqual(before);
  });

  it('takes the remaining topic rows once organization.csv has made their projects', async () => {
    await run('cordis-organizations', [h2020Organisations]);
    const known = new Set([
      ...projectRows.map((row) => row.id),
      ...read(h2020Organisations).map((row) => row.projectID),
    ]);
    // The README: the topics sample was cut to the ids of these two files, so none is left out.
    const summary = await run('cordis-topics', [h2020Topics]);
    expect(summary.skipped).toBe(topicRows.filter((row) => !known.has(row.projectID)).length);
    const stored = await byKey();
    for (const row of topicRows.filter((topic) => known.has(topic.projectID))) {
      expect(stored.get(row.projectID as string)?.topics, row.projectID).toContain(row.topic);
    }
    for (const project of stored.values())
      expect(project.topics, project.sourceKey).toEqual([...new Set(project.topics)]);
  });
});

describe('partners import: Horizon Europe organisations first, then projects and topics', () => {
  const { projects, byKey, participationCount, run } = useDatabase();
  const organisationRows = read(heOrganisations);
  const projectRows = read(heProjects);
  const topicRows = read(heTopics);

  it('gives the projects organization.csv made their real titles and objectives', async () => {
    await run('cordis-organizations', [heOrganisations]);
    const joined = new Set(organisationRows.map((row) => row.projectID as string));
    const acronyms = await byKey();
    expect(acronyms.size).toBe(joined.size);
    // organization.csv names only the acronym: that stands in for the title until now.
    for (const row of organisationRows)
      expect(acronyms.get(row.projectID as string)?.title).toBe(row.projectAcronym);
    const participationsBefore = await participationCount();

    const summary = await run('cordis-projects', [heProjects]);
    const ids = new Set(projectRows.map((row) => row.id as string));
    expect([...joined].every((id) => ids.has(id))).toBe(true);
    expect(summary).toMatchObject({
      rows: projectRows.length,
      skipped: 0,
      projectsNew: [...ids].filter((id) => !joined.has(id)).length,
    });
    const stored = await byKey();
    expect(stored.size).toBe(ids.size);
    for (const row of projectRows) {
      const project = stored.get(row.id as string);
      expect(project, row.id).toMatchObject({
        title: row.title,
        objective: row.objective,
        programme: 'Horizon Europe',
        startYear: yearOf(row.startDate),
        endYear: yearOf(row.endDate),
        topics: codesOf(row.topics),
      });
    }
    expect(await participationCount()).toBe(participationsBefore);
  });

  it('adds nothing when project.csv is imported again', async () => {
    const before = await projects();
    const summary = await run('cordis-projects', [heProjects]);
    expect(summary).toMatchObject({ projectsNew: 0, organisationsNew: 0, participationsNew: 0 });
    expect(await projects()).toEqual(before);
  });

  it("stores topics.csv's codes beside the project file's, once", async () => {
    const known = new Set(projectRows.map((row) => row.id));
    const summary = await run('cordis-topics', [heTopics]);
    expect(summary).toMatchObject({
      rows: topicRows.length,
      skipped: topicRows.filter((row) => !known.has(row.projectID)).length,
    });
    const stored = await byKey();
    for (const row of projectRows) {
      const fromTopics = topicRows.filter((topic) => topic.projectID === row.id);
      const expected = [...new Set([...codesOf(row.topics), ...fromTopics.map((t) => t.topic)])];
      expect(stored.get(row.id as string)?.topics, row.id).toEqual(expected);
    }
    const before = await projects();
    await run('cordis-topics', [heTopics]);
    expect(await projects()).toEqual(before);
  });

  it('appends a new code to a known project in the official layout, without duplicates', async () => {
    const project = projectRows[0] as Row;
    const existing = codesOf(project.topics)[0] as string;
    const rows = [
      { projectID: project.id as string, topic: 'HORIZON-TEST-2099-01', title: 'A new topic' },
      { projectID: project.id as string, topic: existing, title: 'Already there' },
      { projectID: project.id as string, topic: 'HORIZON-TEST-2099-01', title: 'Twice' },
      { projectID: '999999999', topic: 'HORIZON-TEST-2099-02', title: 'No such project' },
    ];
    const before = (await byKey()).get(project.id as string)?.topics as string[];
    const summary = await withOfficialCsv('he-topics', rows, (file) =>
      run('cordis-topics', [file]),
    );
    expect(summary).toMatchObject({ rows: 4, skipped: 1, projectsNew: 0 });
    const stored = await byKey();
    expect(stored.get(project.id as string)?.topics).toEqual([...before, 'HORIZON-TEST-2099-01']);
    expect(stored.has('999999999')).toBe(false);
  });
});
