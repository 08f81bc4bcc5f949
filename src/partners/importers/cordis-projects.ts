import type { PartnerImporter } from './types.js';

/** Placeholder: the cordis-projects format is being built. */
export const cordisProjects: PartnerImporter = {
  rows: async function* () {
    yield* [];
    throw new Error('the cordis-projects format is not built yet');
  },
  apply: async () => false,
};
