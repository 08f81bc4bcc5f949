import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../src/clock.js';
import { acquireEmbeddedLock, EmbeddedFolderBusyError } from '../../src/db/embedded-lock.js';

/**
 * A contender in the lock race test: says "ready", waits for the go file so that all
 * contenders try at the same instant, then prints "won" (and holds the lock until killed)
 * or "busy <pid>".
 */
const [folder, goFile] = process.argv.slice(2) as [string, string];
process.stdout.write('ready\n');
while (!existsSync(goFile)) await sleep(2);
try {
  await acquireEmbeddedLock(folder, { clock: systemClock });
  process.stdout.write('won\n');
  await sleep(600_000);
} catch (error) {
  if (!(error instanceof EmbeddedFolderBusyError)) throw error;
  process.stdout.write(`busy ${error.holder.pid}\n`);
}
