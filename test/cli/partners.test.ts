import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fixturePath } from '../helpers/shared.js';

const run = promisify(execFile);
const rcnFile = fixturePath(
  'partners',
  'norway_forskningsradet',
  'bevilgningereu_h2020_sample.csv',
);
const rows = (
  parse(readFileSync(rcnFile), { columns: true, delimiter: ';', bom: true }) as unknown[]
).length;

describe('npm run cli -- partners import', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const cli = (...args: string[]) =>
    run('npx', ['tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    });

  it('imports a file, prints one summary line, and a second run adds nothing', async () => {
    const first = await cli('partners', 'import', '--format', 'rcn-grants', rcnFile);
    expect(first.stdout).toMatch(
      new RegExp(`^rcn-grants: ${rows} rows from 1 file\\(s\\) · \\d+ new organisations`),
    );
    const second = await cli('partners', 'import', '--format', 'rcn-grants', rcnFile, '--json');
    expect(JSON.parse(second.stdout.trim())).toMatchObject({
      rows,
      organisationsNew: 0,
      organisationsMerged: 0,
      projectsNew: 0,
      participationsNew: 0,
    });
  });

  it('searches what it imported and prints each organisation with its best project', async () => {
    const { stdout } = await cli('partners', 'search', 'välfärdsteknik', '--limit', '3');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^\s*\d+\.\d{2} {2}.+ \(.*NO, [a-z-]+\)$/);
    const json = JSON.parse((await cli('partners', 'search', 'välfärdsteknik', '--json')).stdout);
    expect(json[0].evidence.length).toBeGreaterThan(0);
    await expect(cli('partners', 'search', 'klima', '--types', 'castle')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--types: "castle" is not one of municipality'),
    });
  });

  it('names the formats it takes', async () => {
    await expect(
      cli('partners', 'import', '--format', 'keep-eu-xlsx', rcnFile),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/is not one of cordis-organizations, .*rcn-grants/),
    });
    await expect(cli('partners', 'import', rcnFile)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('partners import needs --format'),
    });
  });
});
