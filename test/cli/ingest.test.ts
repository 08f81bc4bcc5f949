import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { load } from 'cheerio';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';
import { fixturePath } from '../helpers/shared.js';

const run = promisify(execFile);

describe('npm run cli -- ingest ft-portal --replay', () => {
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

  it('ingests a recorded snapshot offline and prints one JSON summary line', async () => {
    const { stdout } = await cli(
      'ingest',
      'ft-portal',
      '--replay',
      dailySnapshotFolder('2026-06-25'),
      '--json',
    );
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1] as string);
    expect(summary).toMatchObject({
      source: 'ft-portal',
      outcome: 'succeeded',
      pages: 7,
      fetched: 640,
      changed: 0,
      unchanged: 0,
    });
    expect(summary.new + summary.skipped).toBe(640);
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from calls`,
    );
    expect(row?.n).toBe(summary.new);
  });

  it('derives statuses as of --as-of, and prints a readable line without --json', async () => {
    const { stdout } = await cli(
      'ingest',
      'ft-portal',
      '--replay',
      dailySnapshotFolder('2026-06-25'),
      '--as-of',
      '2027-12-31',
    );
    expect(stdout).toMatch(
      /^ft-portal run \d+: succeeded · 640 fetched in 7 pages · 0 new, \d+ changed, \d+ unchanged, \d+ closed, \d+ skipped/,
    );
    const [open] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from calls where status <> 'closed'`,
    );
    expect(open?.n).toBe(0);
  });

  it('matches the calls it brought in for the tenants there are', async () => {
    const lidingo = (await exampleProfiles()).find((entry) => entry.slug === 'lidingo');
    await importProfile(database.db, 'lidingo', lidingo?.profile as never, systemClock);
    await cli('ingest', 'ft-portal', '--replay', dailySnapshotFolder('2026-06-18'), '--json');
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from matches`,
    );
    expect(row?.n).toBeGreaterThan(20);
    // It ran the follow-ups its poll recorded itself and left none behind.
    const [outbox] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from job_outbox`,
    );
    expect(outbox?.n).toBe(0);
  });

  it('replays a source of another kind from its recorded pages', async () => {
    const folder = path.dirname(fixturePath('sources', 'euro-access', 'calls-listing.html'));
    const rows = load(readFileSync(path.join(folder, 'calls-listing.html'), 'utf8'))(
      'table#calls-overview tbody tr',
    ).length;
    const { stdout } = await cli('ingest', 'euro-access', '--replay', folder, '--json');
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(summary).toMatchObject({ source: 'euro-access', outcome: 'succeeded', new: rows });
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from calls where source_id = 'euro-access'`,
    );
    expect(row?.n).toBe(rows);
  });

  it('explains bad arguments', async () => {
    await expect(cli('ingest', 'ft-portal', '--as-of', 'tomorrow')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--as-of must be a date like 2026-06-27'),
    });
    // `ingest <source-id>`: an unknown id is named, with the ids there are.
    await expect(cli('ingest', 'nowhere')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no source "nowhere"; the sources are: .*\bft-portal\b/),
    });
    await expect(cli('ingest')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ingest needs a source id'),
    });
    await expect(cli('ingest', 'ft-portal', '--replay', '/nonexistent')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('_meta.json.gz is missing or unreadable'),
    });
  });
});
