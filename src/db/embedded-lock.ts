import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock.js';

/**
 * PGlite takes no lock of its own, and a second process opening the same folder corrupts it
 * (the WASM build then aborts on the next start). So whoever opens the embedded folder — the
 * service, the CLI, db:migrate, a worker — first takes this lock: a file beside the folder
 * naming the process that holds it.
 *
 * Not proper-lockfile: it judges staleness by an mtime the holder refreshes on a timer, and
 * PGlite runs on the main thread, so a long ingest that blocks the event loop past its
 * threshold would let a second process take the folder from a live holder (ipfs ran into
 * this). Here a lock is stale only when its process is provably gone: no process with that
 * pid, or one that started at another time (pid reuse), or a machine booted since.
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** The holder's command line, for the message a refused process prints. */
  command: string;
  /** When the holder took the lock (ISO 8601). */
  since: string;
  /** The holder's start time in clock ticks since boot (/proc/<pid>/stat field 22), if known. */
  processStart: string | null;
  bootId: string | null;
  /** Where the holder takes CLI commands (the running service), or null. */
  controlSocket: string | null;
}

export class EmbeddedFolderBusyError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the embedded database ${folder} is in use by process ${holder.pid} on ${holder.host} ` +
        `(${holder.command}) since ${holder.since}; PGlite allows one process per folder` +
        (isVerifiable(holder)
          ? ''
          : ` (this machine cannot tell whether that process still runs: if it does not, remove ${lockFileOf(folder)})`),
    );
    this.name = 'EmbeddedFolderBusyError';
  }
}

export class EmbeddedLockUnreadableError extends Error {
  constructor(readonly lockFile: string) {
    super(
      `${lockFile} exists but does not name a process; if no callradar process uses that ` +
        'folder, remove the file and start again',
    );
    this.name = 'EmbeddedLockUnreadableError';
  }
}

interface EmbeddedLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock if it is still ours; safe to call twice. */
  release(): void;
}

interface LockOptions {
  clock: Clock;
  controlSocket?: string | null;
}

export function lockFileOf(folder: string): string {
  return `${folder}.lock`;
}

/** Takes the folder's lock, or throws EmbeddedFolderBusyError naming the live holder. */
export async function acquireEmbeddedLock(
  folder: string,
  options: LockOptions,
): Promise<EmbeddedLock> {
  const file = lockFileOf(folder);
  const holder = currentProcessHolder(options);
  const content = `${JSON.stringify(holder)}\n`;
  // Rounds cover a holder that leaves between our attempt and our read, and another process
  // busy taking over the same stale lock (a few milliseconds).
  const deadline = performance.now() + TAKEOVER_WAIT_MS;
  for (;;) {
    if (await createExclusive(file, content)) return heldLock(file, holder, content);
    const existing = await readLockFile(file);
    if (existing === null) continue;
    if (isHolderAlive(existing.holder)) throw new EmbeddedFolderBusyError(folder, existing.holder);
    if (await takeOverStale(file, existing.raw, content)) return heldLock(file, holder, content);
    if (performance.now() > deadline) throw new EmbeddedFolderBusyError(folder, existing.holder);
    await sleep(10);
  }
}

const TAKEOVER_WAIT_MS = 2_000;

/** The lock's holder if a live process holds it, else null (no lock, or a stale one). */
export async function liveHolderOf(folder: string): Promise<LockHolder | null> {
  const existing = await readLockFile(lockFileOf(folder));
  return existing && isHolderAlive(existing.holder) ? existing.holder : null;
}

/**
 * Written whole to a private file, then hard-linked into place: link() fails if the lock
 * exists, and a reader never sees a half-written lock (unlike open with O_EXCL + write).
 */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const draft = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(draft, content, { mode: 0o600 });
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft);
  }
}

/**
 * Two processes may judge the same lock stale at once; a guard file makes their takeovers
 * take turns, and each replaces the lock only if it still holds what it judged. rename()
 * replaces atomically, so no newcomer can slip in while the file is absent.
 */
async function takeOverStale(file: string, staleRaw: string, content: string): Promise<boolean> {
  const guard = `${file}.takeover`;
  if (!(await createExclusive(guard, content))) {
    const guardHolder = await readLockFile(guard);
    // A guard left by a process that died within its few milliseconds: clear it, retry.
    if (guardHolder && !isHolderAlive(guardHolder.holder))
      await unlinkIfSame(guard, guardHolder.raw);
    return false;
  }
  try {
    // Gone meanwhile: back to link(), or a newcomer that linked its lock could be overwritten.
    const now = await readLockFile(file);
    if (!now || now.raw !== staleRaw) return false;
    const draft = `${file}.${process.pid}.${randomUUID()}`;
    await writeFile(draft, content, { mode: 0o600 });
    await rename(draft, file);
    return true;
  } finally {
    await unlinkIfSame(guard, content);
  }
}

async function unlinkIfSame(file: string, raw: string): Promise<void> {
  const now = await readLockFile(file);
  if (now?.raw === raw) await unlink(file);
}

function heldLock(file: string, holder: LockHolder, content: string): EmbeddedLock {
  let held = true;
  // Released on any exit, including process.exit() and an uncaught error; only SIGKILL (or
  // a power cut) leaves the file, and the next opener finds it stale.
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    if (readIfPresent(file) === content) unlinkSync(file);
  };
  process.on('exit', release);
  return { file, holder, release };
}

async function readLockFile(file: string): Promise<{ raw: string; holder: LockHolder } | null> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { raw, holder: parseHolder(file, raw) };
}

function parseHolder(file: string, raw: string): LockHolder {
  let parsed: Partial<LockHolder>;
  try {
    parsed = JSON.parse(raw) as Partial<LockHolder>;
  } catch {
    throw new EmbeddedLockUnreadableError(file);
  }
  if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') {
    throw new EmbeddedLockUnreadableError(file);
  }
  return {
    pid: parsed.pid,
    host: parsed.host,
    command: String(parsed.command ?? 'unknown command'),
    since: String(parsed.since ?? 'an unknown time'),
    processStart: parsed.processStart ?? null,
    bootId: parsed.bootId ?? null,
    controlSocket: parsed.controlSocket ?? null,
  };
}

function currentProcessHolder(options: LockOptions): LockHolder {
  return {
    pid: process.pid,
    host: os.hostname(),
    command: [path.basename(process.argv0), ...process.argv.slice(1)].join(' '),
    since: options.clock.now().toISOString(),
    processStart: processStartOf(process.pid),
    bootId: currentBootId(),
    controlSocket: options.controlSocket ?? null,
  };
}

/**
 * Alive unless provably gone. A holder on another host (a shared folder) cannot be checked
 * from here, so it counts as alive and the message names it.
 */
function isHolderAlive(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return true;
  const bootId = currentBootId();
  if (holder.bootId && bootId && holder.bootId !== bootId) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStartOf(holder.pid);
  return !(holder.processStart && start && holder.processStart !== start);
}

/** Whether a dead holder would have been recognised here (same host, start time known). */
function isVerifiable(holder: LockHolder): boolean {
  return holder.host === os.hostname() && holder.processStart !== null;
}

/** Field 22 of /proc/<pid>/stat (Linux); null where there is no /proc or no such process. */
function processStartOf(pid: number): string | null {
  const stat = readIfPresent(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function currentBootId(): string | null {
  return readIfPresent('/proc/sys/kernel/random/boot_id')?.trim() ?? null;
}

function readIfPresent(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
