import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import { createApiKey, hasActiveAdminKey } from './api-keys.js';

/** The file under DATA_DIR the embedded default's first admin key is written to. */
export const ADMIN_KEY_FILE = 'admin-key';

/**
 * The embedded default stays zero-setup: on a start with no valid admin key, one is made and
 * written to DATA_DIR/admin-key, readable by its owner only (0600). The file is created
 * exclusively, so an existing one is never overwritten, and the key is stored in the same
 * transaction that writes it: either both exist or neither does. The log names the file,
 * never the key.
 */
export async function ensureFirstRunAdminKey(deps: {
  db: Database;
  dataDir: string;
  clock: Clock;
  logger: Logger;
}): Promise<void> {
  const file = path.join(deps.dataDir, ADMIN_KEY_FILE);
  if (await hasActiveAdminKey(deps.db)) return;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    deps.logger.warn(
      { file },
      'no admin API key is valid and the admin key file exists: it is left as it is; ' +
        'create a key with `npm run cli -- keys create --role admin`',
    );
    return;
  }
  try {
    await deps.db.transaction(async (tx) => {
      const created = await createApiKey(tx, { role: 'admin', name: 'first run' }, deps.clock);
      // The umask may only take permissions away; set them all the same.
      await handle.chmod(0o600);
      await handle.writeFile(`${created.key}\n`);
      await handle.sync();
    });
  } catch (error) {
    await handle.close();
    await unlink(file);
    throw error;
  }
  await handle.close();
  deps.logger.info(
    { file },
    'created an admin API key for this installation; it is in this file (owner-only). ' +
      'Send it as Authorization: Bearer <key>',
  );
}
