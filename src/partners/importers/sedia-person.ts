import type { PartnerImporter } from './types.js';

/** Placeholder: the sedia-person format is being built. */
export const sediaPerson: PartnerImporter = {
  rows: async function* () {
    yield* [];
    throw new Error('the sedia-person format is not built yet');
  },
  apply: async () => false,
};
