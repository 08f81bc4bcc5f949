import type { ConceptDefinition } from './types.js';

/** Land, economy and safety: planning, housing, environment, water and waste, energy, rural areas, food, business, tourism, preparedness. */
export const territoryConcepts: readonly ConceptDefinition[] = [];
