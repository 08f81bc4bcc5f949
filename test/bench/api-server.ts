/**
 * The real server (src/server.ts) in a process of its own for bench:api: node with the tsx
 * loader, as `npm start` runs it, configured only through its environment.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/embedded-service.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BenchServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Either PostgreSQL and Redis (`databaseUrl`, `redisUrl`, `bullmqPrefix`) or the embedded
 * default on `dataDir`. The portal is pointed at a closed port: no poll may reach out.
 */
export async function startBenchServer(
  target: { databaseUrl: string; redisUrl: string; bullmqPrefix: string } | { dataDir: string },
): Promise<BenchServer> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Far above the bench's 1,000 requests/s per key: the limiter runs, it never refuses.
    RATE_LIMIT_PER_MINUTE: '10000000',
    FT_PORTAL_SEARCH_URL: 'http://127.0.0.1:9/search',
    FT_PORTAL_TOPIC_DETAILS_URL: 'http://127.0.0.1:9/topicDetails',
    HTTP_MAX_RETRIES: '0',
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    DATA_DIR: undefined,
  };
  if ('dataDir' in target) env.DATA_DIR = target.dataDir;
  else {
    env.DATABASE_URL = target.databaseUrl;
    env.REDIS_URL = target.redisUrl;
    env.BULLMQ_PREFIX = target.bullmqPrefix;
  }
  // Its own process group: a stop reaches the server whatever wraps it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(baseUrl, child, () => output);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { baseUrl, stop: () => stopProcess(child) };
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    }
    const ready = await fetch(`${baseUrl}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(200);
  }
  throw new Error(`the server was not ready within 120 s:\n${output()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = once(child, 'exit');
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}
