import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { ControlCommandError, sendControlCommand } from '../control/client.js';
import { type CommandName, type CommandTypes, runCommandHere } from '../control/commands/index.js';
import { openDatabase } from '../db/client.js';
import { EmbeddedFolderBusyError, liveHolderOf } from '../db/embedded-lock.js';
import { migratePglite, migratePostgres } from '../db/migrate.js';
import { createLogger } from '../logger.js';

/**
 * Runs a database command where the database is: with DATABASE_URL, here on PostgreSQL;
 * on the embedded default, here if this process can take the PGlite folder, or through the
 * running service that holds it (its control socket), so the folder is never opened twice.
 * Any other holder (another CLI, db:migrate) makes the command refuse at once, naming it.
 */
export async function runCommand<N extends CommandName>(
  name: N,
  args: CommandTypes[N]['args'],
  progress: (value: unknown) => void,
): Promise<CommandTypes[N]['result']> {
  const config = loadConfig();
  // Logs on stderr: stdout carries the command's answer; at the default level only warnings
  // are worth a line.
  const logger = createLogger(
    { logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel },
    2,
  );
  // A one-off command may migrate; the service processes never do on PostgreSQL.
  if (config.databaseUrl) await migratePostgres(config.databaseUrl);
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase(config, logger);
  } catch (error) {
    if (!(error instanceof EmbeddedFolderBusyError)) throw error;
    return (await throughService(error, name, args, progress)) as CommandTypes[N]['result'];
  }
  try {
    if (handle.driver === 'pglite') await migratePglite(handle);
    const deps = { db: handle.db, logger, config, clock: systemClock };
    return (await runCommandHere(deps, name, args, progress)) as CommandTypes[N]['result'];
  } finally {
    await handle.close();
  }
}

/** How long a CLI waits for a service that holds the folder but is still starting. */
const SERVICE_START_WAIT_MS = 30_000;

class EmbeddedFolderRefusal extends Error {
  constructor(busy: EmbeddedFolderBusyError, advice: string) {
    super(`${busy.message}. ${advice}`);
    this.name = 'EmbeddedFolderRefusal';
  }
}

async function throughService(
  busy: EmbeddedFolderBusyError,
  name: CommandName,
  args: unknown,
  progress: (value: unknown) => void,
): Promise<unknown> {
  const socketPath = busy.holder.controlSocket;
  if (!socketPath) {
    throw new EmbeddedFolderRefusal(
      busy,
      'Wait until that process has finished, then run this again (a running `npm start` ' +
        'takes CLI commands itself; other processes do not), or set DATABASE_URL to use PostgreSQL.',
    );
  }
  const deadline = performance.now() + SERVICE_START_WAIT_MS;
  for (;;) {
    try {
      return await sendControlCommand(socketPath, { command: name, args }, progress);
    } catch (error) {
      if (error instanceof ControlCommandError || !isNotListening(error)) throw error;
      // The service takes the lock before it listens (migrations first): wait for it, but not
      // for a holder that has gone meanwhile.
      const holder = await liveHolderOf(busy.folder);
      if (!holder || holder.pid !== busy.holder.pid) {
        throw new EmbeddedFolderRefusal(
          busy,
          'It stopped before taking the command: run this again.',
        );
      }
      if (performance.now() > deadline) {
        throw new EmbeddedFolderRefusal(
          busy,
          `It does not answer on its control socket ${socketPath}; stop it and run this again.`,
        );
      }
      await sleep(250);
    }
  }
}

function isNotListening(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ECONNREFUSED';
}
