import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/client.js';
import { examplesFolder } from '../../src/tenants/profile-file.js';
import { queryRows } from '../helpers/database.js';
import {
  cli,
  freePort,
  listAllCalls,
  lockHolderOf,
  migrateCli,
  type ServiceProcess,
  signalHolder,
  spawnService,
  startService,
  stopGroup,
} from '../helpers/embedded-service.js';
import { dailySnapshotFolder, identifierOf, rawRecords } from '../helpers/raw-snapshots.js';

const DAY = '2026-06-25';

/**
 * PGlite takes no lock: a second process on the same folder corrupts it. These tests run
 * the embedded default as real processes (`npx tsx src/server.ts`, the CLI beside it,
 * SIGTERM, SIGKILL, restarts) on one temporary data folder, in order.
 */
describe('one process per embedded folder', { timeout: 300_000 }, () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;
  const started: ServiceProcess[] = [];
  const start = async () => {
    const next = await startService(dataDir, await freePort());
    started.push(next);
    return next;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'callradar-embedded-'));
  });

  afterAll(async () => {
    for (const each of started) stopGroup(each);
    await rm(dataDir, { recursive: true, force: true });
  });

  let idsBefore: string[] = [];

  it('runs the CLI replay through the running service, which sees every call', async () => {
    service = await start();
    const { stdout } = await cli(
      dataDir,
      'ingest',
      'ft-portal',
      '--replay',
      dailySnapshotFolder(DAY),
      '--json',
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] as string);
    const records = await rawRecords(DAY);
    expect(summary).toMatchObject({ source: 'ft-portal', outcome: 'succeeded' });
    expect(summary.fetched).toBe(records.length);
    expect(summary.new + summary.skipped).toBe(records.length);

    // The service's first poll failed (portal unreachable): every call it lists came from the
    // CLI's replay, and it lists every one the replay stored.
    const calls = await listAllCalls(service.port);
    expect(calls).toHaveLength(summary.new);
    const identifiers = new Set(calls.map((call) => call.identifier));
    expect(identifiers).toEqual(new Set(records.map(identifierOf)));
    idsBefore = calls.map((call) => call.id).sort();
  });

  it('prints for tenants import beside the running service what it prints alone (stored: see the last test)', async () => {
    const profile = path.join(examplesFolder(), 'lidingo.yaml');
    const first = await cli(
      dataDir,
      'tenants',
      'import',
      profile,
      '--slug',
      'lidingo-cli',
      '--json',
    );
    const summary = JSON.parse(first.stdout.trim());
    expect(Object.keys(summary).sort()).toEqual(
      ['changed', 'matches', 'profileVersion', 'slug', 'tenantId'].sort(),
    );
    expect(summary).toMatchObject({ slug: 'lidingo-cli', changed: true, profileVersion: 1 });
    const again = await cli(dataDir, 'tenants', 'import', profile, '--slug', 'lidingo-cli');
    expect(again.stdout).toBe('lidingo-cli: profile unchanged, nothing to do\n');
  });

  it('refuses a second service on the folder at once, naming the process that holds it', async () => {
    const holder = lockHolderOf(dataDir);
    const second = spawnService(dataDir, await freePort());
    started.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(
      `is in use by process ${holder.pid} on ${os.hostname()} (${holder.command}) since ${holder.since}`,
    );
    expect(holder.command).toContain('src/server.ts');
    // The first one is untouched and still holds the folder.
    expect(lockHolderOf(dataDir).pid).toBe(holder.pid);
    expect((await listAllCalls(service?.port as number)).length).toBe(idsBefore.length);
  });

  it('refuses db:migrate beside the service, naming it', async () => {
    const holder = lockHolderOf(dataDir);
    await expect(migrateCli(dataDir)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`is in use by process ${holder.pid}`),
    });
  });

  it('keeps everything over a SIGTERM and a restart on the same folder', async () => {
    await signalHolder(service as ServiceProcess, dataDir, 'SIGTERM');
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
    service = await start();
    const calls = await listAllCalls(service.port);
    expect(calls.map((call) => call.id).sort()).toEqual(idsBefore);
  });

  it('recognises the lock of a SIGKILLed service as stale, and the next start works', async () => {
    const killed = lockHolderOf(dataDir);
    await signalHolder(service as ServiceProcess, dataDir, 'SIGKILL');
    // SIGKILL leaves the lock behind, naming a process that no longer exists.
    expect(lockHolderOf(dataDir).pid).toBe(killed.pid);
    service = await start();
    expect(lockHolderOf(dataDir).pid).not.toBe(killed.pid);
    const calls = await listAllCalls(service.port);
    expect(calls.map((call) => call.id).sort()).toEqual(idsBefore);
    await signalHolder(service, dataDir, 'SIGTERM');

    // With the service stopped, the folder is free: this process can open it and read it.
    const handle = await openPglite(path.join(dataDir, 'pglite'));
    try {
      const [row] = await queryRows<{ calls: number; tenants: number }>(
        handle.db,
        sql`select (select count(*)::int from calls) as calls,
                   (select count(*)::int from tenants where slug = 'lidingo-cli') as tenants`,
      );
      expect(row).toEqual({ calls: idsBefore.length, tenants: 1 });
    } finally {
      await handle.close();
    }
  });
});
