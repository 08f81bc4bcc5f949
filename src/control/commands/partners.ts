import { type Static, Type } from 'typebox';
import { organisationTypes, programmeFamilies } from '../../db/schema/index.js';
import { importPartnerFiles } from '../../partners/import-files.js';
import { type PartnerHit, searchPartners } from '../../partners/search.js';
import type { CommandDeps } from './types.js';

export const PartnersImportArgsSchema = Type.Object({
  format: Type.String({ minLength: 1 }),
  /** Absolute paths: resolved by the CLI, read by whichever process runs the import. */
  files: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
});
export type PartnersImportArgs = Static<typeof PartnersImportArgsSchema>;

export type PartnersImportSummary = Awaited<ReturnType<typeof importPartnerFiles>>;

/** `partners import`: the files streamed into the partner tables, progress as rows read. */
export function importPartners(
  deps: CommandDeps,
  args: PartnersImportArgs,
  progress: (value: unknown) => void,
): Promise<PartnersImportSummary> {
  return importPartnerFiles(deps.db, args, (rows) => progress({ rows }));
}

export const PartnersSearchArgsSchema = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200 }),
  countries: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }))),
  types: Type.Optional(Type.Array(Type.Union(organisationTypes.map((type) => Type.Literal(type))))),
  families: Type.Optional(
    Type.Array(Type.Union(programmeFamilies.map((family) => Type.Literal(family)))),
  ),
  from: Type.Optional(Type.Integer()),
  to: Type.Optional(Type.Integer()),
  limit: Type.Integer({ minimum: 1, maximum: 100 }),
});
export type PartnersSearchArgs = Static<typeof PartnersSearchArgsSchema>;

/** `partners search`: the same ranking as GET /v1/partners/search. */
export function searchPartnersCommand(
  deps: CommandDeps,
  args: PartnersSearchArgs,
): Promise<PartnerHit[]> {
  return searchPartners(deps.db, args);
}
