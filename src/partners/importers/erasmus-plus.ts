import type { PartnerImporter } from './types.js';

/** Placeholder: the erasmus-plus format is being built. */
export const erasmusPlus: PartnerImporter = {
  rows: async function* () {
    yield* [];
    throw new Error('the erasmus-plus format is not built yet');
  },
  apply: async () => false,
};
