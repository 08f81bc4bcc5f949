import { ensureTemplate } from '../helpers/database.js';
import { assertSharedFixtures } from '../helpers/shared.js';

/** Once per run: fail loudly without the fixtures, and build the migrated template DB. */
export default async function setup(): Promise<void> {
  assertSharedFixtures();
  await ensureTemplate();
}
