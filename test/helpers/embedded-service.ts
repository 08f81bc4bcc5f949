import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The embedded default as a user runs it: `npx tsx src/server.ts` on a data folder, no
 * DATABASE_URL or REDIS_URL, the portal unreachable (port 9 refuses at once, no retries)
 * so its first poll fails fast and changes nothing.
 */
export function embeddedEnv(dataDir: string, extra: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    FT_PORTAL_SEARCH_URL: 'http://127.0.0.1:9/search',
    FT_PORTAL_TOPIC_DETAILS_URL: 'http://127.0.0.1:9/topicDetails',
    HTTP_MAX_RETRIES: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return env;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
}

export function spawnService(
  dataDir: string,
  port: number,
  extraEnv: Record<string, string> = {},
): ServiceProcess {
  // Its own process group, so a failing test can still stop npx, tsx and node together.
  const child = spawn('npx', ['tsx', 'src/server.ts'], {
    env: embeddedEnv(dataDir, { PORT: String(port), ...extraEnv }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, port, output: () => output, exited };
}

/** Starts the service and waits for /ready; fails with its output if it exits first. */
export async function startService(
  dataDir: string,
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<ServiceProcess> {
  const service = spawnService(dataDir, port, extraEnv);
  let exitCode: number | null | undefined;
  void service.exited.then((code) => (exitCode = code ?? -1));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`the service exited (${exitCode}) before it was ready:\n${service.output()}`);
    }
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return service;
    await sleep(200);
  }
  stopGroup(service);
  throw new Error(`the service was not ready within 90 s:\n${service.output()}`);
}

/** The lock file's content: the pid of the node process that really holds the folder. */
export function lockHolderOf(dataDir: string): { pid: number; command: string; since: string } {
  return JSON.parse(readFileSync(path.join(dataDir, 'pglite.lock'), 'utf8'));
}

/** Signals the process that holds the folder (not npx or tsx) and waits for all to end. */
export async function signalHolder(
  service: ServiceProcess,
  dataDir: string,
  signal: NodeJS.Signals,
): Promise<void> {
  process.kill(lockHolderOf(dataDir).pid, signal);
  await service.exited;
}

/** Cleanup after a failed test: the whole process group this test started. */
export function stopGroup(service: ServiceProcess | undefined): void {
  if (!service?.child.pid || service.child.exitCode !== null) return;
  try {
    process.kill(-service.child.pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export function cli(dataDir: string, ...args: string[]) {
  return run('npx', ['tsx', 'src/cli/main.ts', ...args], { env: embeddedEnv(dataDir) });
}

export function migrateCli(dataDir: string) {
  return run('npx', ['tsx', 'src/db/migrate-cli.ts'], { env: embeddedEnv(dataDir) });
}

interface CallItem {
  id: string;
  identifier: string;
}

/** Every call the service lists, any status, page by page. */
export async function listAllCalls(port: number): Promise<CallItem[]> {
  const items: CallItem[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ status: 'all', limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const response = await fetch(`http://127.0.0.1:${port}/v1/calls?${query}`);
    if (!response.ok) throw new Error(`/v1/calls answered ${response.status}`);
    const page = (await response.json()) as { items: CallItem[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
