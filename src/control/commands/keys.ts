import { type Static, Type } from 'typebox';
import {
  type ApiKeyListing,
  type CreatedApiKey,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from '../../auth/api-keys.js';
import type { CommandDeps } from './types.js';

export const KeyCreateArgsSchema = Type.Object({
  role: Type.Union([Type.Literal('admin'), Type.Literal('coordinator'), Type.Literal('reader')]),
  tenant: Type.Optional(Type.String({ minLength: 1 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
});
export type KeyCreateArgs = Static<typeof KeyCreateArgsSchema>;

export const KeyListArgsSchema = Type.Object({});
export type KeyListArgs = Static<typeof KeyListArgsSchema>;

export const KeyRevokeArgsSchema = Type.Object({ id: Type.String({ minLength: 1 }) });
export type KeyRevokeArgs = Static<typeof KeyRevokeArgsSchema>;

/** The key stores themselves, run where the database is open: here or in the service. */
export function createKey(deps: CommandDeps, args: KeyCreateArgs): Promise<CreatedApiKey> {
  return createApiKey(deps.db, args, deps.clock);
}

export function listKeys(deps: CommandDeps): Promise<ApiKeyListing[]> {
  return listApiKeys(deps.db);
}

export async function revokeKey(deps: CommandDeps, args: KeyRevokeArgs): Promise<{ id: string }> {
  await revokeApiKey(deps.db, args.id, deps.clock);
  return { id: args.id };
}
