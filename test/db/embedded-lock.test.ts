import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import {
  acquireEmbeddedLock,
  EmbeddedFolderBusyError,
  EmbeddedLockUnreadableError,
  type LockHolder,
  lockFileOf,
} from '../../src/db/embedded-lock.js';

/** This process's start time as the kernel tells it (/proc/self/stat, field 22). */
function ownProcessStart(): string {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] as string;
}

function bootId(): string {
  return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
}

/** A pid that surely names no process now: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid as number;
}

describe('the embedded folder lock', () => {
  let folder: string;
  const options = { clock: systemClock };

  beforeEach(async () => {
    folder = path.join(await mkdtemp(path.join(os.tmpdir(), 'callradar-lock-')), 'pglite');
  });

  afterEach(async () => {
    await rm(path.dirname(folder), { recursive: true, force: true });
  });

  const writeLock = (holder: Partial<LockHolder>) =>
    writeFile(
      lockFileOf(folder),
      JSON.stringify({
        pid: process.pid,
        host: os.hostname(),
        command: 'node somewhere',
        since: '2026-06-01T00:00:00.000Z',
        processStart: ownProcessStart(),
        bootId: bootId(),
        controlSocket: null,
        ...holder,
      }),
    );

  it('is held by one opener at a time and released for the next', async () => {
    const lock = await acquireEmbeddedLock(folder, options);
    const holder = JSON.parse(await readFile(lockFileOf(folder), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: os.hostname() });
    await expect(acquireEmbeddedLock(folder, options)).rejects.toBeInstanceOf(
      EmbeddedFolderBusyError,
    );
    lock.release();
    const again = await acquireEmbeddedLock(folder, options);
    again.release();
  });

  it('names the live holder: pid, host, command and since when', async () => {
    await writeLock({ command: 'node src/server.ts' });
    const error = await acquireEmbeddedLock(folder, options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddedFolderBusyError);
    expect((error as Error).message).toContain(
      `is in use by process ${process.pid} on ${os.hostname()} (node src/server.ts) since 2026-06-01T00:00:00.000Z`,
    );
  });

  it('takes over the lock of a process that is gone', async () => {
    await writeLock({ pid: deadPid() });
    const lock = await acquireEmbeddedLock(folder, options);
    expect(lock.holder.pid).toBe(process.pid);
    expect(JSON.parse(await readFile(lockFileOf(folder), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to a process started at another time', async () => {
    // This very process is alive under that pid, but it is not the one that wrote the lock.
    await writeLock({ processStart: String(Number(ownProcessStart()) + 1) });
    const lock = await acquireEmbeddedLock(folder, options);
    lock.release();
  });

  it('takes over a lock written before the machine last booted', async () => {
    await writeLock({ bootId: '00000000-0000-0000-0000-000000000000' });
    const lock = await acquireEmbeddedLock(folder, options);
    lock.release();
  });

  it('counts a holder on another host as alive: it cannot be checked from here', async () => {
    await writeLock({ host: `not-${os.hostname()}`, pid: deadPid() });
    const error = await acquireEmbeddedLock(folder, options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddedFolderBusyError);
    // The one case where a person must judge: the message says which file to remove.
    expect((error as Error).message).toContain(`if it does not, remove ${lockFileOf(folder)}`);
  });

  it('refuses a lock file that names no process instead of guessing', async () => {
    await writeFile(lockFileOf(folder), 'garbage');
    await expect(acquireEmbeddedLock(folder, options)).rejects.toBeInstanceOf(
      EmbeddedLockUnreadableError,
    );
  });

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    await writeLock({ pid: deadPid() });
    const goFile = path.join(path.dirname(folder), 'go');
    const contenders = Array.from({ length: 4 }, () => contender(folder, goFile));
    try {
      await Promise.all(contenders.map((each) => each.said('ready')));
      await writeFile(goFile, '');
      const answers = await Promise.all(contenders.map((each) => each.said(/^(won|busy \d+)$/)));
      const winners = contenders.filter((_, index) => answers[index] === 'won');
      expect(winners).toHaveLength(1);
      const winnerPid = winners[0]?.child.pid;
      for (const answer of answers.filter((each) => each !== 'won')) {
        expect(answer).toBe(`busy ${winnerPid}`);
      }
      expect(JSON.parse(await readFile(lockFileOf(folder), 'utf8')).pid).toBe(winnerPid);
    } finally {
      for (const each of contenders) each.child.kill('SIGKILL');
    }
  }, 120_000);
});

/** A real process trying to take the lock (test/helpers/take-lock.ts), run by node + tsx. */
function contender(folder: string, goFile: string) {
  // node --import tsx, not npx: the pid that takes the lock is the one we spawn.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/take-lock.ts', folder, goFile],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  child.on('exit', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  const said = (pattern: string | RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = lines.find((each) =>
          typeof pattern === 'string' ? each === pattern : pattern.test(each),
        );
        if (line) resolve(line);
        else if (child.exitCode !== null)
          reject(new Error(`contender exited: ${lines.join(' | ')}`));
        else waiters.push(check);
      };
      check();
    });
  return { child, said };
}
