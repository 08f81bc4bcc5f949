import { type Static, Type } from 'typebox';
import { HttpClient } from '../../../scrapers/http/client.js';
import { sources } from '../../db/schema/index.js';
import { addSource, type TestFetch } from '../../sources/source-create.js';
import type { CommandDeps } from './types.js';

export const SourceAddArgsSchema = Type.Object({
  kind: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
  baseUrl: Type.String({ minLength: 1 }),
  schedule: Type.Optional(Type.String({ minLength: 1 })),
  settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  enabled: Type.Optional(Type.Boolean()),
  id: Type.Optional(Type.String({ minLength: 1 })),
});
export type SourceAddArgs = Static<typeof SourceAddArgsSchema>;

export const SourceListArgsSchema = Type.Object({});
export type SourceListArgs = Static<typeof SourceListArgsSchema>;

export interface AddedSource {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  schedule: string;
  testFetch: TestFetch;
}

export interface SourceListing {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  health: string;
  healthReason: string | null;
  lastGoodPollAt: string | null;
  baseUrl: string;
}

/** `sources add`, the same path as POST /v1/sources: the test fetch first, then the save. */
export async function addSourceCommand(
  deps: CommandDeps,
  args: SourceAddArgs,
): Promise<AddedSource> {
  const http = new HttpClient(deps.config.http);
  try {
    const { source, testFetch } = await addSource({ db: deps.db, clock: deps.clock, http }, args);
    const { id, kind, name, enabled, schedule } = source;
    return { id, kind, name, enabled, schedule, testFetch };
  } finally {
    await http.close();
  }
}

export async function listSources(deps: CommandDeps): Promise<SourceListing[]> {
  const rows = await deps.db.select().from(sources).orderBy(sources.id);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled,
    health: row.health,
    healthReason: row.healthReason,
    lastGoodPollAt: row.lastGoodPollAt?.toISOString() ?? null,
    baseUrl: row.baseUrl,
  }));
}
