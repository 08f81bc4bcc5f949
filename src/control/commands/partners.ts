import { type Static, Type } from 'typebox';
import { importPartnerFiles } from '../../partners/import-files.js';
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
