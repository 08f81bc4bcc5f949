import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { JobQueue } from '../jobs/contract.js';
import type { Logger } from '../logger.js';
import type { Mailer } from './mailer.js';

/** What planning, sending and recovering digests need; narrowed with Pick where less will do. */
export interface DigestDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  /** Links in digests (unsubscribe, preferences, the call in the API) start here. */
  publicBaseUrl: string;
  config: Config['digests'];
  /** Where follow-ups go (a run's send-digest job); the queue is built after the processors. */
  jobs: () => JobQueue;
  /** Pokes the process's outbox relay after a commit that recorded follow-ups. */
  outbox?: { poke(): void };
}
