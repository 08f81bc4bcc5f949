import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { digestSettings } from '../../src/digests/settings.js';

/**
 * Digest settings for tests that do not look at mail: the embedded default's outbox under
 * a temporary folder, links on a test host.
 */
export function outboxDigestSettings(
  dataDir = path.join(os.tmpdir(), `callradar-digests-${process.pid}`),
) {
  return digestSettings(
    loadConfig({ DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://callradar.test' }),
  );
}
