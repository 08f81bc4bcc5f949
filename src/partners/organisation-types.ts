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
