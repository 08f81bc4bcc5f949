import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openPglite } from './client.js';
import { migratePglite, migratePostgres } from './migrate.js';

/** `npm run db:migrate`: the one-shot step a deployment runs before api and workers. */
const config = loadConfig();
const logger = createLogger(config);
if (config.databaseUrl) {
  await migratePostgres(config.databaseUrl);
  logger.info('migrations applied to PostgreSQL');
} else {
  const handle = await openPglite(`${config.dataDir}/pglite`);
  try {
    await migratePglite(handle);
    logger.info({ dataDir: config.dataDir }, 'migrations applied to the embedded database');
  } finally {
    await handle.close();
  }
}
