import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { ControlCommandError, sendControlCommand } from '../../src/control/client.js';
import { runCommandHere } from '../../src/control/commands/index.js';
import { type ControlServer, startControlServer } from '../../src/control/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { silentLogger } from '../helpers/workers.js';

describe('the control socket', () => {
  let folder: string;
  let database: TestDatabase;
  let server: ControlServer;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'callradar-control-'));
    database = await createTestDatabase();
    const deps = {
      db: database.db,
      logger: silentLogger,
      config: loadConfig({ DATA_DIR: folder }),
      clock: systemClock,
    };
    server = await startControlServer(
      path.join(folder, 'control.sock'),
      (request, progress) => runCommandHere(deps, request.command, request.args, progress),
      silentLogger,
    );
  });

  afterAll(async () => {
    await server?.close();
    await database?.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('is a unix socket only its owner can open', () => {
    const stat = statSync(server.socketPath);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('answers an unknown command with an error, not a crash', async () => {
    await expect(
      sendControlCommand(server.socketPath, { command: 'drop everything', args: {} }, () => {}),
    ).rejects.toThrow(
      new ControlCommandError(
        'the service does not know the command "drop everything" (is it older than this CLI?)',
      ),
    );
  });

  it('checks the arguments it is sent like any other input', async () => {
    await expect(
      sendControlCommand(
        server.socketPath,
        { command: 'ingest ft-portal', args: { asOf: 'tomorrow' } },
        () => {},
      ),
    ).rejects.toThrow(/invalid arguments for ingest ft-portal: \/asOf/);
    await expect(
      sendControlCommand(
        server.socketPath,
        { command: 'tenants import', args: { slug: 'x', profile: { areas: 'none' } } },
        () => {},
      ),
    ).rejects.toThrow(/invalid profile/);
  });

  it('reports a failed command with its own message', async () => {
    await expect(
      sendControlCommand(
        server.socketPath,
        { command: 'ingest ft-portal', args: { replay: path.join(folder, 'nowhere') } },
        () => {},
      ),
    ).rejects.toThrow(/_meta.json.gz is missing or unreadable/);
  });

  it('removes its socket when it closes', async () => {
    const other = await startControlServer(
      path.join(folder, 'other.sock'),
      async () => 'ok',
      silentLogger,
    );
    await expect(
      sendControlCommand(other.socketPath, { command: 'x', args: null }, () => {}),
    ).resolves.toBe('ok');
    await other.close();
    await expect(
      sendControlCommand(other.socketPath, { command: 'x', args: null }, () => {}),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
