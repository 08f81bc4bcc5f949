import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import type { ApiKeyListing, CreatedApiKey } from '../../auth/api-keys.js';
import type { RenderedDigest } from '../../digests/content-types.js';
import type { PartnerHit } from '../../partners/search.js';
import {
  type DigestPreviewArgs,
  DigestPreviewArgsSchema,
  type DigestRunArgs,
  DigestRunArgsSchema,
  type DigestRunSummary,
  previewDigest,
  runDigests,
} from './digests.js';
import { importTenant, type TenantImportSummary } from './import-tenant.js';
import { type IngestSummary, ingestFtPortal, ingestSource } from './ingest-source.js';
import {
  createKey,
  type KeyCreateArgs,
  KeyCreateArgsSchema,
  type KeyListArgs,
  KeyListArgsSchema,
  type KeyRevokeArgs,
  KeyRevokeArgsSchema,
  listKeys,
  revokeKey,
} from './keys.js';
import {
  importPartners,
  type PartnersImportArgs,
  PartnersImportArgsSchema,
  type PartnersImportSummary,
  type PartnersSearchArgs,
  PartnersSearchArgsSchema,
  searchPartnersCommand,
} from './partners.js';
import {
  type AddedSource,
  addSourceCommand,
  listSources,
  type SourceAddArgs,
  SourceAddArgsSchema,
  type SourceListArgs,
  SourceListArgsSchema,
  type SourceListing,
} from './sources.js';
import {
  type CommandDeps,
  type IngestArgs,
  IngestArgsSchema,
  type IngestSourceArgs,
  IngestSourceArgsSchema,
  type TenantImportArgs,
  TenantImportArgsSchema,
} from './types.js';

/** The commands that need the database, by name: their arguments and their result. */
export interface CommandTypes {
  'ingest ft-portal': { args: IngestArgs; result: IngestSummary };
  'ingest source': { args: IngestSourceArgs; result: IngestSummary };
  'sources add': { args: SourceAddArgs; result: AddedSource };
  'partners import': { args: PartnersImportArgs; result: PartnersImportSummary };
  'partners search': { args: PartnersSearchArgs; result: PartnerHit[] };
  'sources list': { args: SourceListArgs; result: SourceListing[] };
  'tenants import': { args: TenantImportArgs; result: TenantImportSummary };
  'keys create': { args: KeyCreateArgs; result: CreatedApiKey };
  'keys list': { args: KeyListArgs; result: ApiKeyListing[] };
  'keys revoke': { args: KeyRevokeArgs; result: { id: string } };
  'digest preview': { args: DigestPreviewArgs; result: RenderedDigest };
  'digest run': { args: DigestRunArgs; result: DigestRunSummary };
}
export type CommandName = keyof CommandTypes;

type Runner<N extends CommandName> = (
  deps: CommandDeps,
  args: CommandTypes[N]['args'],
  progress: (value: unknown) => void,
) => Promise<CommandTypes[N]['result']>;

const commands: { [N in CommandName]: { args: TSchema; run: Runner<N> } } = {
  'ingest ft-portal': { args: IngestArgsSchema, run: ingestFtPortal },
  'ingest source': { args: IngestSourceArgsSchema, run: ingestSource },
  'sources add': { args: SourceAddArgsSchema, run: (deps, args) => addSourceCommand(deps, args) },
  'partners import': { args: PartnersImportArgsSchema, run: importPartners },
  'partners search': {
    args: PartnersSearchArgsSchema,
    run: (deps, args) => searchPartnersCommand(deps, args),
  },
  'sources list': { args: SourceListArgsSchema, run: (deps) => listSources(deps) },
  'tenants import': { args: TenantImportArgsSchema, run: (deps, args) => importTenant(deps, args) },
  'keys create': { args: KeyCreateArgsSchema, run: (deps, args) => createKey(deps, args) },
  'keys list': { args: KeyListArgsSchema, run: (deps) => listKeys(deps) },
  'keys revoke': { args: KeyRevokeArgsSchema, run: (deps, args) => revokeKey(deps, args) },
  'digest preview': {
    args: DigestPreviewArgsSchema,
    run: (deps, args) => previewDigest(deps, args),
  },
  'digest run': { args: DigestRunArgsSchema, run: (deps, args) => runDigests(deps, args) },
};

class UnknownCommandError extends Error {
  constructor(command: string) {
    super(`the service does not know the command "${command}" (is it older than this CLI?)`);
    this.name = 'UnknownCommandError';
  }
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

/**
 * Runs a named command with the given database: the CLI's own when it holds the folder, the
 * service's when the request came over the control socket. Arguments are checked here,
 * since over the socket they are input like any other.
 */
export async function runCommandHere(
  deps: CommandDeps,
  name: string,
  args: unknown,
  progress: (value: unknown) => void,
): Promise<unknown> {
  if (!isCommandName(name)) throw new UnknownCommandError(name);
  const command = commands[name] as { args: TSchema; run: Runner<CommandName> };
  if (!Value.Check(command.args, args)) {
    const first = Value.Errors(command.args, args)[0];
    throw new Error(
      `invalid arguments for ${name}: ${first ? `${first.instancePath || '/'} ${first.message}` : 'do not match'}`,
    );
  }
  return command.run(deps, args as never, progress);
}
