import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The recorded fixtures live in ../shared (CALLRADAR_SHARED_DIR overrides it). They are never
 * copied into this repository, and a missing folder fails the run: tests do not skip.
 */
export const sharedDir = path.resolve(process.env.CALLRADAR_SHARED_DIR ?? '../shared');
export const fixturesDir = path.join(sharedDir, 'fixtures');

export function fixturePath(...parts: string[]): string {
  const file = path.join(fixturesDir, ...parts);
  if (!existsSync(file)) {
    throw new Error(
      `fixture ${file} is missing: put the shared folder beside the project or set CALLRADAR_SHARED_DIR`,
    );
  }
  return file;
}

export function assertSharedFixtures(): void {
  if (!existsSync(fixturesDir)) {
    throw new Error(
      `${fixturesDir} not found. The tests read recorded data from ../shared/fixtures; set CALLRADAR_SHARED_DIR if it lives elsewhere.`,
    );
  }
}
