import { cordisOrganizations } from './cordis-organizations.js';
import { cordisProjects } from './cordis-projects.js';
import { cordisTopics } from './cordis-topics.js';
import { erasmusPlus } from './erasmus-plus.js';
import { interregSe } from './interreg-se.js';
import { keepEu } from './keep-eu.js';
import { rcnGrants } from './rcn-grants.js';
import { sediaPerson } from './sedia-person.js';
import type { PartnerImporter } from './types.js';
import { wikidataTwins } from './wikidata-twins.js';

/** The formats `partners import --format` takes. */
export const partnerImporters = {
  'cordis-organizations': cordisOrganizations,
  'cordis-projects': cordisProjects,
  'cordis-topics': cordisTopics,
  'interreg-se': interregSe,
  'keep-eu': keepEu,
  'erasmus-plus': erasmusPlus,
  'rcn-grants': rcnGrants,
  'wikidata-twins': wikidataTwins,
  'sedia-person': sediaPerson,
} satisfies Record<string, PartnerImporter>;

export type PartnerFormat = keyof typeof partnerImporters;

export function isPartnerFormat(value: string): value is PartnerFormat {
  return Object.hasOwn(partnerImporters, value);
}
