import { type Static, Type } from 'typebox';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { Logger } from '../../logger.js';

/** What a command needs where it runs: this CLI process, or the running embedded service. */
export interface CommandDeps {
  db: Database;
  logger: Logger;
  config: Readonly<Config>;
  clock: Clock;
}

export const IngestArgsSchema = Type.Object({
  /** An absolute folder: resolved by the CLI, read by whichever process runs the poll. */
  replay: Type.Optional(Type.String({ minLength: 1 })),
  asOf: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
});
export type IngestArgs = Static<typeof IngestArgsSchema>;

export const IngestSourceArgsSchema = Type.Object({
  sourceId: Type.String({ minLength: 1, maxLength: 100 }),
  replay: Type.Optional(Type.String({ minLength: 1 })),
  asOf: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
});
export type IngestSourceArgs = Static<typeof IngestSourceArgsSchema>;

export const TenantImportArgsSchema = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
  /** Checked by parseProfile where the command runs. */
  profile: Type.Unknown(),
});
export type TenantImportArgs = Static<typeof TenantImportArgsSchema>;
