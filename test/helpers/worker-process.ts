import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * `workers/main.ts` as a real process (node with tsx's loader, no npx shell in between, so a
 * signal reaches the worker itself). Resolves once it logged that it started.
 */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker = new WorkerProcess(child);
  await worker.started();
  return worker;
}

export class WorkerProcess {
  output = '';
  private readonly exited: Promise<unknown>;

  constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.exited = once(child, 'exit');
  }

  async started(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes('"worker started"')) {
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the worker did not start:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL: no shutdown hook runs, open transactions and connections just vanish. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the graceful shutdown. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
