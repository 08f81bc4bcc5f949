/**
 * One status sweep in a process of its own, as a worker would run it:
 * `tsx test/helpers/sweep-process.ts <database url> <ISO instant>`; prints the outcome as JSON.
 */
import { advanceCallStatuses } from '../../src/calls/advance-statuses.js';
import { openPostgres } from '../../src/db/client.js';
import { ManualClock } from './clock.js';

const [url, instant] = process.argv.slice(2);
if (!url || !instant) throw new Error('usage: sweep-process.ts <database url> <ISO instant>');
const handle = openPostgres(url);
try {
  const outcome = await advanceCallStatuses({
    db: handle.db,
    clock: new ManualClock(new Date(instant)),
  });
  process.stdout.write(`${JSON.stringify({ advanced: outcome.advanced })}\n`);
} finally {
  await handle.close();
}
