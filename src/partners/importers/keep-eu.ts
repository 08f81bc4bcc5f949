import type { PartnerImporter } from './types.js';

/** Placeholder: the keep-eu format is being built. */
export const keepEu: PartnerImporter = {
  rows: async function* () {
    yield* [];
    throw new Error('the keep-eu format is not built yet');
  },
  apply: async () => false,
};
