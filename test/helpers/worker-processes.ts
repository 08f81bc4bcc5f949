import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { QueueName } from '../../src/jobs/contract.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const queueNames: QueueName[] = ['sources', 'matching'];

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed, for a failing test's message. */
  output: () => string;
}

/**
 * Production worker processes (`npx tsx workers/main.ts`) on a test database and a BullMQ
 * prefix of their own; resolves once each has logged that it started.
 */
export async function startWorkerProcesses(
  count: number,
  env: { databaseUrl: string; redisUrl: string; prefix: string },
): Promise<WorkerProcess[]> {
  return Promise.all(Array.from({ length: count }, () => startWorkerProcess(env)));
}

async function startWorkerProcess(env: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
}): Promise<WorkerProcess> {
  // Its own process group, so that stopping it reaches tsx's child node process too.
  const child = spawn('npx', ['tsx', 'workers/main.ts'], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      BULLMQ_PREFIX: env.prefix,
      LOG_LEVEL: 'info',
    },
  });
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"worker started"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it started:\n${output}`));
    });
  });
  await started;
  return { child, output: () => output };
}

/** SIGTERM to each worker's process group (they finish their active job), then waits. */
export async function stopWorkerProcesses(workers: WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      const exited = once(child, 'exit');
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }),
  );
}

/** The prefix's queues, for counting and inspecting jobs; close() when done. */
export function openQueues(redisUrl: string, prefix: string) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = queueNames.map((name) => new Queue(name, { connection, prefix }));

  /**
   * Resolves once no job is waiting, running, waiting for children or delayed (a retry's
   * back-off); the schedulers' next runs (the nightly pass) are delayed jobs that do not count.
   */
  async function drained(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(
        queues.map(async (queue) => ({
          ...(await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')),
          delayed: (await queue.getJobs(['delayed'])).filter((job) => !job.repeatJobKey).length,
        })),
      );
      if (counts.every((count) => Object.values(count).every((value) => value === 0))) return;
      if (Date.now() > deadline) throw new Error(`jobs still pending: ${JSON.stringify(counts)}`);
      await sleep(50);
    }
  }

  async function finishedJobs(): Promise<Job[]> {
    const lists = await Promise.all(queues.map((queue) => queue.getJobs(['completed', 'failed'])));
    return lists.flat();
  }

  const queueOf = (name: QueueName) => queues[queueNames.indexOf(name)] as Queue;
  const activeCount = (name: QueueName) => queueOf(name).getActiveCount();
  const waitingCount = (name: QueueName) => queueOf(name).getWaitingCount();

  async function close({ obliterate }: { obliterate: boolean }): Promise<void> {
    if (obliterate) for (const queue of queues) await queue.obliterate({ force: true });
    await Promise.all(queues.map((queue) => queue.close()));
    await connection.quit();
  }
  return { drained, finishedJobs, activeCount, waitingCount, close };
}
