import { cordisOrganizations } from './cordis-organizations.js';
import { rcnGrants } from './rcn-grants.js';
import type { PartnerImporter } from './types.js';

/**
 * The formats `partners import --format` takes; the others of the issue (cordis-projects,
 * cordis-topics, interreg-se, keep-eu, erasmus-plus, wikidata-twins, sedia-person) follow.
 */
export const partnerImporters = {
  'cordis-organizations': cordisOrganizations,
  'rcn-grants': rcnGrants,
} satisfies Record<string, PartnerImporter>;

export type PartnerFormat = keyof typeof partnerImporters;

export function isPartnerFormat(value: string): value is PartnerFormat {
  return Object.hasOwn(partnerImporters, value);
}
