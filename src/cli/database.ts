import { type Config, loadConfig } from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { migratePglite, migratePostgres } from '../db/migrate.js';
import { createLogger, type Logger } from '../logger.js';

export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
  handle: DatabaseHandle;
}

/**
 * What every CLI command starts with: configuration, a logger on stderr (stdout carries the
 * command's answer; at the default level only warnings are worth a line), and a migrated
 * database: DATABASE_URL when set, the embedded one otherwise. A one-off command may
 * migrate; the service processes never do.
 */
export async function openCliContext(): Promise<CliContext> {
  const config = loadConfig();
  const logger = createLogger(
    { logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel },
    2,
  );
  if (config.databaseUrl) await migratePostgres(config.databaseUrl);
  const handle = await openDatabase(config, logger);
  if (handle.driver === 'pglite') {
    try {
      await migratePglite(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return { config, logger, handle };
}
