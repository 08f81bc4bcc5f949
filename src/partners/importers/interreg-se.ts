import type { PartnerImporter } from './types.js';

/** Placeholder: the interreg-se format is being built. */
export const interregSe: PartnerImporter = {
  rows: async function* () {
    yield* [];
    throw new Error('the interreg-se format is not built yet');
  },
  apply: async () => false,
};
