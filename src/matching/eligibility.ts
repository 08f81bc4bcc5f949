import { UNNAMED_PARTNER_COUNTRIES } from '../../scrapers/types.js';
import type { MatchableCall } from './call-features.js';
import participation from './data/programme-participation.json' with { type: 'json' };

export interface Eligibility {
  eligible: boolean;
  /** Why not, in a phrase for an explanation line. */
  reason: string | null;
}

const euMemberStates = new Set(participation.euMemberStates);
/** Applicant types a municipality is: a call open to none of them is not for it. */
const MUNICIPAL_APPLICANTS = new Set<string>(['public-bodies']);
const programmes = participation.programmes as Record<
  string,
  { countries: string[]; source: string }
>;

/**
 * Hard filter: a call the tenant cannot take part in is never shown, however well it fits.
 * Country participation comes from the reviewed data file; the rest from the call itself.
 */
export function eligibilityOf(call: MatchableCall, tenantCountry: string): Eligibility {
  const countries = call.eligibleCountries;
  if (countries.length > 0 && !countries.includes(tenantCountry)) {
    return { eligible: false, reason: `restricted to applicants in ${countryList(countries)}` };
  }
  if (/outermost regions?/i.test(`${call.title} ${call.callTitle ?? ''}`)) {
    return { eligible: false, reason: 'EU outermost regions only' };
  }
  const applicants = call.applicantTypes;
  if (applicants.length > 0 && !applicants.some((type) => MUNICIPAL_APPLICANTS.has(type))) {
    return { eligible: false, reason: `${applicants.join(' or ')} only` };
  }
  // Operating grants fund the running costs of European NGOs and networks named in the call.
  if (call.actionCategory === 'operating-grant' || /\boperating grants?\b/i.test(call.title)) {
    return { eligible: false, reason: 'operating grants for non-profit organisations only' };
  }
  if (euMemberStates.has(tenantCountry)) return { eligible: true, reason: null };
  // A call from outside the portal (an Interreg programme, a programme's own site) names its
  // programme area's countries itself: naming the tenant's country is participation.
  if (!call.programmeCode && countries.includes(tenantCountry))
    return { eligible: true, reason: null };
  const programme = call.programmeCode?.toUpperCase() ?? '';
  if (programmes[programme]?.countries.includes(tenantCountry))
    return { eligible: true, reason: null };
  return {
    eligible: false,
    reason: `${tenantCountry} does not take part in ${programme || 'this programme'}`,
  };
}

function countryList(countries: readonly string[]): string {
  return countries
    .map((country) =>
      country === UNNAMED_PARTNER_COUNTRIES ? 'partner countries outside the EU' : country,
    )
    .join(', ');
}
