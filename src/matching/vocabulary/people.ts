import type { ConceptDefinition } from './types.js';

/** Culture, heritage, libraries, sport, civil society, rights, equality, integration, work and digital services. */
export const peopleConcepts: readonly ConceptDefinition[] = [];
