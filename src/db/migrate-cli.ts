import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { embeddedFolderOf, openPglite } from './client.js';
import { EmbeddedFolderBusyError } from './embedded-lock.js';
import { migratePglite, migratePostgres } from './migrate.js';

/** `npm run db:migrate`: the one-shot step a deployment runs before api and workers. */
const config = loadConfig();
const logger = createLogger(config);
if (config.databaseUrl) {
  await migratePostgres(config.databaseUrl);
  logger.info('migrations applied to PostgreSQL');
} else {
  const handle = await openPglite(embeddedFolderOf(config), { clock: systemClock }).catch(
    (error: unknown) => {
      if (!(error instanceof EmbeddedFolderBusyError)) throw error;
      // Migrating under a running service would change the schema beneath its code.
      console.error(
        `${error.message}. Stop that process, then run \`npm run db:migrate\` again ` +
          '(`npm start` migrates the embedded database itself when it starts).',
      );
      process.exit(1);
    },
  );
  try {
    await migratePglite(handle);
    logger.info({ dataDir: config.dataDir }, 'migrations applied to the embedded database');
  } finally {
    await handle.close();
  }
}
