import { cultureAndLeisureConcepts } from './people/culture.js';
import { integrationConcepts } from './people/integration.js';
import { rightsAndEqualityConcepts } from './people/rights.js';
import { welfareConcepts } from './people/welfare.js';
import { workAndDigitalConcepts } from './people/work-digital.js';
import type { ConceptDefinition } from './types.js';

/**
 * Culture, heritage, libraries, sport, civil society, rights, equality, integration, work and
 * digital services: the narrower concepts under community.ts's culture, civic participation
 * and inclusion, education.ts's sport, languages and adult learning, and health.ts's social
 * welfare. Terms follow EuroVoc's descriptors for these domains (04 Politics, 12 Law, 28
 * Social questions, 32 Education and communications, 44 Employment and working conditions)
 * and the wording of the EU programme guides that fund them, in the words Nordic
 * municipalities use for their own work.
 *
 * A phrase that already belongs to a broader concept ("cultural", "civil society",
 * "migrants", "discrimination", "sport", "language") stays there: the call term index gives
 * a span to one concept only, so repeating or extending it here would take evidence from
 * every profile that names the broader concept. A Nordic compound of the broader concept's
 * word (folkbibliotek, jämställdhetsarbete) is listed whole here: the profile then names this
 * concept, which implies the broader one.
 */
export const peopleConcepts: readonly ConceptDefinition[] = [
  ...cultureAndLeisureConcepts,
  ...rightsAndEqualityConcepts,
  ...integrationConcepts,
  ...welfareConcepts,
  ...workAndDigitalConcepts,
];
