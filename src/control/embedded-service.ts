import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { type Database, type DatabaseHandle, openDatabase } from '../db/client.js';
import { EmbeddedFolderBusyError } from '../db/embedded-lock.js';
import { assertMigrated, migratePglite } from '../db/migrate.js';
import type { Logger } from '../logger.js';
import { runCommandHere } from './commands/index.js';
import { controlSocketPath } from './protocol.js';
import { type ControlServer, startControlServer } from './server.js';

/**
 * The service's database. Embedded: the PGlite folder under its lock (naming this process
 * and the control socket the CLI reaches it on), migrated here since no one else may open
 * it. PostgreSQL: checked to be migrated (a one-shot step migrates).
 */
export async function openServiceDatabase(
  config: Readonly<Config>,
  logger: Logger,
  clock: Clock,
): Promise<DatabaseHandle> {
  const database = await openDatabase(config, logger, {
    clock,
    controlSocket: controlSocketPath(config.dataDir),
  });
  try {
    if (database.driver === 'pglite') await migratePglite(database);
    else await assertMigrated(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** For `.catch()` at start: a service that cannot open its database says why and stops. */
export function refuseToStart(logger: Logger): (error: unknown) => never {
  return (error) => {
    if (error instanceof EmbeddedFolderBusyError) {
      logger.fatal(
        { holder: error.holder },
        `${error.message}. Wait for that process to end (or stop it), or give this one another DATA_DIR.`,
      );
    } else {
      logger.fatal({ err: error }, 'cannot start: the database is not usable');
    }
    process.exit(1);
  };
}

/**
 * On the embedded default, the CLI's database commands (ingest, tenants import) come to
 * the running service over its control socket and run here, with this process's database.
 */
export function serveCliCommands(deps: {
  db: Database;
  logger: Logger;
  config: Readonly<Config>;
  clock: Clock;
}): Promise<ControlServer> {
  return startControlServer(
    controlSocketPath(deps.config.dataDir),
    (request, progress) => runCommandHere(deps, request.command, request.args, progress),
    deps.logger,
  );
}
