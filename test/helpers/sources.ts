import { systemClock } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import { ensureBuiltInSources } from '../../src/sources/built-in.js';

/**
 * The built-in F&T source, pointed at a replay server, or at a closed port for tests that
 * feed snapshots straight from disk (any accidental network call then fails at once).
 */
export function ensureFtPortalSource(
  db: Database,
  urls: { searchUrl: string; topicDetailsUrl: string } = {
    searchUrl: 'http://127.0.0.1:9/search',
    topicDetailsUrl: '',
  },
): Promise<void> {
  return ensureBuiltInSources(db, { ftPortal: { ...urls, schedule: '0 5 * * *' } }, systemClock);
}
