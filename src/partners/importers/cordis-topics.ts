import type { PartnerImporter } from './types.js';

/** Placeholder: the cordis-topics format is being built. */
export const cordisTopics: PartnerImporter = {
  rows: async function* () {
    yield* [];
    throw new Error('the cordis-topics format is not built yet');
  },
  apply: async () => false,
};
