import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { sources } from '../../src/db/schema/index.js';
import { ensureBuiltInSources } from '../../src/sources/built-in.js';
import { sourceKindDefinitions } from '../../src/sources/kinds.js';
import { readySources } from '../../src/sources/ready-sources.js';
import { checkSchedule } from '../../src/sources/source-admin.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

describe('the ready configurations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('are each valid for their kind: settings, URL and schedule', () => {
    for (const source of readySources) {
      expect(
        () => sourceKindDefinitions[source.kind].parseSettings(source.settings),
        source.id,
      ).not.toThrow();
      expect(new URL(source.baseUrl).protocol, source.id).toBe('https:');
      expect(checkSchedule(source.schedule, new Date()), source.id).toBe(source.schedule);
    }
    expect(new Set(readySources.map((source) => source.id)).size).toBe(readySources.length);
  });

  it('are added disabled, once, and keep what an admin changed', async () => {
    await ensureBuiltInSources(database.db, loadConfig({}), systemClock);
    const stored = await database.db.select().from(sources);
    for (const source of readySources) {
      const row = stored.find((candidate) => candidate.id === source.id);
      expect(row?.enabled, source.id).toBe(false);
      expect(row?.kind).toBe(source.kind);
    }
    const [first] = readySources;
    await database.db
      .update(sources)
      .set({ enabled: true, schedule: '5 4 * * *' })
      .where(eq(sources.id, first?.id as string));
    await ensureBuiltInSources(database.db, loadConfig({}), systemClock);
    const [kept] = await database.db
      .select()
      .from(sources)
      .where(eq(sources.id, first?.id as string));
    expect(kept).toMatchObject({ enabled: true, schedule: '5 4 * * *' });
  });
});
