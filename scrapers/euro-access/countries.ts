/**
 * Euro-Access's "Regions / countries for funding" → ISO 3166-1 alpha-2. The site lists a
 * country by its English name with the local name in parentheses ("Norway (Norge)",
 * "Czechia (Česko)") and groups by name ("EU Member States"). The names below are the EU,
 * EEA, candidate and associated countries its calls name (seen in its Oct 2025 listing's
 * 142 calls); anything else is reported, not guessed.
 */
export const EU_MEMBER_STATES = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
] as const;

/**
 * Member States whose GNI per head is under 90 % of the EU average, eligible for the Cohesion
 * Fund 2021-2027 (Commission Implementing Decision (EU) 2021/1130).
 */
const COHESION_COUNTRIES = [
  'BG',
  'CY',
  'CZ',
  'EE',
  'GR',
  'HR',
  'HU',
  'LT',
  'LV',
  'MT',
  'PL',
  'PT',
  'RO',
  'SI',
  'SK',
];

const COUNTRY_CODES: Readonly<Record<string, string>> = {
  austria: 'AT',
  belgium: 'BE',
  bulgaria: 'BG',
  croatia: 'HR',
  cyprus: 'CY',
  czechia: 'CZ',
  'czech republic': 'CZ',
  denmark: 'DK',
  estonia: 'EE',
  finland: 'FI',
  france: 'FR',
  germany: 'DE',
  greece: 'GR',
  hungary: 'HU',
  ireland: 'IE',
  italy: 'IT',
  latvia: 'LV',
  lithuania: 'LT',
  luxembourg: 'LU',
  malta: 'MT',
  netherlands: 'NL',
  poland: 'PL',
  portugal: 'PT',
  romania: 'RO',
  slovakia: 'SK',
  slovenia: 'SI',
  spain: 'ES',
  sweden: 'SE',
  // EEA, Switzerland, the United Kingdom and the Faroes (associated to Horizon Europe).
  iceland: 'IS',
  liechtenstein: 'LI',
  norway: 'NO',
  switzerland: 'CH',
  'united kingdom': 'GB',
  faeroes: 'FO',
  'faroe islands': 'FO',
  // Candidate and potential candidate countries.
  albania: 'AL',
  'bosnia and herzegovina': 'BA',
  georgia: 'GE',
  // Kosovo has no ISO 3166-1 code; XK is the user-assigned code the Commission uses.
  kosovo: 'XK',
  moldova: 'MD',
  montenegro: 'ME',
  'north macedonia': 'MK',
  serbia: 'RS',
  türkiye: 'TR',
  turkey: 'TR',
  ukraine: 'UA',
  // Associated to Horizon Europe or partners in neighbourhood programmes.
  armenia: 'AM',
  canada: 'CA',
  israel: 'IL',
  morocco: 'MA',
  'new zealand': 'NZ',
  tunisia: 'TN',
};

const COUNTRY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  'eu member states': EU_MEMBER_STATES,
  'eu member countries': EU_MEMBER_STATES,
  'all eu member states': EU_MEMBER_STATES,
  'cohesion countries': COHESION_COUNTRIES,
};

/**
 * Groups that name no country a tenant is established in: known, so not reported, but they
 * add no code (an overseas territory is not where a Swedish or Norwegian body applies from).
 */
const GROUPS_WITHOUT_CODES = new Set([
  'overseas countries and territories (oct)',
  'overseas countries and territories',
]);

export interface CountryReading {
  codes: string[];
  /** Names that are neither a country nor a group above. */
  unknown: string[];
}

export function countryCodesOf(names: readonly string[]): CountryReading {
  const codes = new Set<string>();
  const unknown: string[] = [];
  for (const name of names) {
    const key = name.toLowerCase().replace(/\s+/g, ' ').trim();
    if (GROUPS_WITHOUT_CODES.has(key)) continue;
    const group = COUNTRY_GROUPS[key];
    // "Norway (Norge)": the English name before the local one.
    const country = COUNTRY_CODES[key.replace(/\s*\(.*$/, '')];
    if (group) for (const code of group) codes.add(code);
    else if (country) codes.add(country);
    else unknown.push(name);
  }
  return { codes: [...codes].sort(), unknown };
}
