import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { acquireEmbeddedLock } from '../../src/db/embedded-lock.js';
import { cli } from '../helpers/embedded-service.js';
import { dailySnapshotFolder } from '../helpers/raw-snapshots.js';

describe('the CLI beside a process that takes no commands', () => {
  it('refuses at once, naming the process and what to do instead', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'callradar-embedded-'));
    // This test process holds the folder, as another CLI run or db:migrate would.
    const lock = await acquireEmbeddedLock(path.join(dataDir, 'pglite'), { clock: systemClock });
    try {
      await expect(
        cli(
          dataDir,
          'ingest',
          'ft-portal',
          '--replay',
          dailySnapshotFolder('2026-06-25'),
          '--json',
        ),
      ).rejects.toMatchObject({
        code: 1,
        stdout: '',
        stderr: expect.stringMatching(
          new RegExp(
            `ingest failed: the embedded database .* is in use by process ${process.pid} .* since ${lock.holder.since}.*Wait until that process has finished`,
          ),
        ),
      });
    } finally {
      lock.release();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
