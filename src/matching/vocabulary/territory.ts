import { businessConcepts } from './territory/business.js';
import { energyConcepts } from './territory/energy.js';
import { environmentConcepts } from './territory/environment.js';
import { foodConcepts } from './territory/food.js';
import { planningConcepts } from './territory/planning.js';
import { procurementConcepts } from './territory/procurement.js';
import { ruralConcepts } from './territory/rural.js';
import { safetyConcepts } from './territory/safety.js';
import { seaConcepts } from './territory/sea.js';
import { transportConcepts } from './territory/transport.js';
import { waterWasteConcepts } from './territory/water-waste.js';
import type { ConceptDefinition } from './types.js';

/**
 * Land, economy and safety: business, tourism, rural areas, food and primary production,
 * public safety and preparedness, planning and housing, energy, environment, water and waste,
 * transport, procurement, islands and the sea.
 *
 * Sources: EuroVoc's domains and descriptors in these fields (16 Economics, 1616 regions and
 * regional policy, 2846 construction and town planning, 04 Politics / 0431 politics and public
 * safety, 48 Transport, 52 Environment, 56 Agriculture, forestry and fisheries, 60
 * Agri-foodstuffs, 66 Energy) and the scope articles of the EU programmes that fund this work
 * (LIFE, CEF, Interreg, the CAP strategic plans and community-led local development in the
 * Common Provisions Regulation, the Single Market Programme, EMFAF, the Union Civil Protection
 * Mechanism). Nordic terms are the words municipalities use for their own services.
 *
 * Conventions that keep these concepts from taking evidence away from older, broader ones
 * (a call's phrase counts for one concept only, the longest match): an English phrase here
 * never contains a clear term of another file's concept unless it names another subject
 * ("waste heat" is not waste management); a Nordic word is added only when the
 * concept's own English terms are what that word means in a call, otherwise it is left to the
 * broader concept or to compound splitting ("avfallshantering" already reads as waste
 * management, "turism" as tourism). Short Nordic words that are the tail of unrelated
 * compounds stay out: "gård" would read "fritidsgård" (youth centre) as farming.
 */
export const territoryConcepts: readonly ConceptDefinition[] = [
  ...safetyConcepts,
  ...businessConcepts,
  ...ruralConcepts,
  ...foodConcepts,
  ...planningConcepts,
  ...energyConcepts,
  ...environmentConcepts,
  ...waterWasteConcepts,
  ...transportConcepts,
  ...procurementConcepts,
  ...seaConcepts,
];
