import type { OrganisationType } from '../db/schema/index.js';

/**
 * Municipalities and regions are recognised from their names, in the languages of the
 * partners a Nordic municipality looks for (Nordic, Baltic, German, Polish and English),
 * before any dataset's type code: CORDIS calls a municipality "PUB" like a ministry.
 */
const REGION =
  /\b(fylkeskommune|fylkeskommunen|landsting|region\w*|county council|maakunnan liitto|maakuntaliitto|landkreis|kreis|wojewodztwo|voivodeship|marszalkowski|bezirk|regionalrat)\b/iu;
const MUNICIPALITY =
  /\b(kommun|kommune|kommunen|municipality|municipal council|city council|city of|stad|kunta|kaupunki|kaupungin|vald|vallavalitsus|novads|pasvaldiba|savivaldybe|savivaldybė|gmina|miasto|gemeinde|stadt|ayuntamiento|comune|commune|gemeente)\b/iu;

/** The type a name says, if it says one. */
export function typeFromName(name: string): OrganisationType | null {
  const plain = name.normalize('NFC');
  if (REGION.test(plain)) return 'region';
  if (MUNICIPALITY.test(plain)) return 'municipality';
  return null;
}

/** CORDIS activityType: HES higher education, REC research, PRC private, PUB public, OTH other. */
export function typeFromCordisActivity(code: string): OrganisationType {
  switch (code.trim().toUpperCase()) {
    case 'HES':
      return 'university';
    case 'REC':
      return 'research';
    case 'PRC':
      return 'company';
    case 'PUB':
      return 'public-agency';
    default:
      return 'other';
  }
}

/** The Research Council of Norway's FoU sector ("UoH-sektor", "Næringsliv", …). */
export function typeFromNorwegianSector(sector: string): OrganisationType {
  const value = sector.trim().toLowerCase();
  if (value.startsWith('uoh')) return 'university';
  if (value.startsWith('instituttsektor')) return 'research';
  if (value.startsWith('næringsliv')) return 'company';
  if (value.startsWith('helseforetak')) return 'public-agency';
  return 'other';
}

/**
 * The organisation types of Interreg's monitoring systems (Jems 2021-2027 and keep.eu,
 * whose vocabularies differ a little, plus the variants Tillväxtverket's extract writes),
 * lower-cased. "Education and research institution" is a school here: in the Swedish
 * extract it names folk high schools and training companies, not universities.
 */
const INTERREG_ORGANISATION_TYPES: Record<string, OrganisationType> = {
  'local public authority': 'municipality',
  'regional public authority': 'region',
  'national public authority': 'public-agency',
  'sectoral agency': 'public-agency',
  'bodies governed by public law': 'public-agency',
  'national, regional and local authorities': 'public-agency',
  'infrastructure and (public) service provider': 'public-agency',
  'infrastructure and (public organisation) service provider': 'public-agency',
  'international organisation under international law': 'public-agency',
  'international governmental organisation': 'public-agency',
  egtc: 'public-agency',
  'hospital and medical centre': 'public-agency',
  'hospitals and medical centres': 'public-agency',
  'higher education and research': 'university',
  'higher education and research organisations': 'university',
  'higher education and research institution': 'university',
  'education and research institution': 'school',
  'education/training centre and school': 'school',
  'interest groups including ngos': 'ngo',
  ngo: 'ngo',
  sme: 'company',
  'small or medium-sized enterprise (sme)': 'company',
  'large enterprise': 'company',
  'enterprise, except sme': 'company',
  // Incubators, science parks, cooperatives' advisers: companies and associations alike.
  'business support organisation': 'other',
  'international organisation, eeig under national law': 'other',
  'general public': 'other',
  other: 'other',
};

/**
 * An Interreg partner's type from its organisation type; where that is missing or unknown,
 * a public body (the dataset's ownership or legal status "public") is a public agency.
 */
export function typeFromInterregOrganisation(
  organisationType: string | null | undefined,
  ownership: string | null | undefined,
): OrganisationType {
  const known =
    INTERREG_ORGANISATION_TYPES[(organisationType ?? '').trim().replace(/\s+/g, ' ').toLowerCase()];
  if (known) return known;
  return (ownership ?? '').trim().toLowerCase() === 'public' ? 'public-agency' : 'other';
}
