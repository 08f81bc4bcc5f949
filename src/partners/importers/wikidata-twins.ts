import type { PartnerImporter } from './types.js';

/** Placeholder: the wikidata-twins format is being built. */
export const wikidataTwins: PartnerImporter = {
  rows: async function* () {
    yield* [];
    throw new Error('the wikidata-twins format is not built yet');
  },
  apply: async () => false,
};
