import type { MatchableCall } from './call-features.js';
import participation from './data/programme-participation.json' with { type: 'json' };

export interface Eligibility {
  eligible: boolean;
  /** Why not, in a phrase for an explanation line. */
  reason: string | null;
}

const euMemberStates = new Set(participation.euMemberStates);
const programmes = participation.programmes as Record<
  string,
  { countries: string[]; source: string }
>;

/**
 * Hard filter: a call the tenant cannot take part in is never shown, however well it fits.
 * Country participation comes from the reviewed data file; the rest from the call itself.
 */
export function eligibilityOf(call: MatchableCall, tenantCountry: string): Eligibility {
  const identifier = call.identifier;
  // EuropeAid calls name the partner country they fund in their reference (…/ACT/ZA).
  const europeAid = /^EuropeAid\/\d+\/[A-Z]+\/[A-Z]+\/([A-Za-z]+)$/.exec(identifier);
  if (europeAid?.[1] && europeAid[1].toUpperCase() !== tenantCountry) {
    return { eligible: false, reason: `restricted to applicants in ${europeAid[1]}` };
  }
  if (/outermost regions?/i.test(`${call.title} ${call.callTitle ?? ''}`)) {
    return { eligible: false, reason: 'EU outermost regions only' };
  }
  if (/EIC-?ACCELERATOR|SME instrument/i.test(`${identifier} ${call.typeOfAction ?? ''}`)) {
    return { eligible: false, reason: 'companies only' };
  }
  // Operating grants fund the running costs of European NGOs and networks named in the call.
  if (/\boperating grants?\b/i.test(`${call.title} ${call.typeOfAction ?? ''}`)) {
    return { eligible: false, reason: 'operating grants for non-profit organisations only' };
  }
  if (euMemberStates.has(tenantCountry)) return { eligible: true, reason: null };
  const programme = call.programmeCode?.toUpperCase() ?? '';
  if (programmes[programme]?.countries.includes(tenantCountry))
    return { eligible: true, reason: null };
  return {
    eligible: false,
    reason: `${tenantCountry} does not take part in ${programme || 'this programme'}`,
  };
}
