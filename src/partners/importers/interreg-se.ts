import { readFile } from 'node:fs/promises';
import { InvalidInput } from '../../errors.js';
import { normaliseName } from '../names.js';
import { typeFromInterregOrganisation, typeFromName } from '../organisation-types.js';
import { amountOf } from '../projects.js';
import { storeParticipation } from './rows.js';
import type { PartnerImporter } from './types.js';

/** `land` as Tillväxtverket writes it: the countries of the programmes Sweden takes part in. */
const SWEDISH_COUNTRY_NAMES: Record<string, string> = {
  sverige: 'SE',
  norge: 'NO',
  danmark: 'DK',
  finland: 'FI',
  island: 'IS',
  färöarna: 'FO',
  grönland: 'GL',
  estland: 'EE',
  lettland: 'LV',
  litauen: 'LT',
  polen: 'PL',
  tyskland: 'DE',
  nederländerna: 'NL',
  belgien: 'BE',
  frankrike: 'FR',
  irland: 'IE',
  storbritannien: 'GB',
  'förenade kungariket': 'GB',
  österrike: 'AT',
  schweiz: 'CH',
  italien: 'IT',
  spanien: 'ES',
  portugal: 'PT',
  grekland: 'GR',
  tjeckien: 'CZ',
  slovakien: 'SK',
  ungern: 'HU',
  slovenien: 'SI',
  kroatien: 'HR',
  rumänien: 'RO',
  bulgarien: 'BG',
  luxemburg: 'LU',
  malta: 'MT',
  cypern: 'CY',
  ukraina: 'UA',
};

/** The extract's `nuts3` is the county's name; its NUTS 2021 code is what other datasets hold. */
const SWEDISH_COUNTY_NUTS: Record<string, string> = {
  'stockholms län': 'SE110',
  'uppsala län': 'SE121',
  'södermanlands län': 'SE122',
  'östergötlands län': 'SE123',
  'örebro län': 'SE124',
  'västmanlands län': 'SE125',
  'jönköpings län': 'SE211',
  'kronobergs län': 'SE212',
  'kalmar län': 'SE213',
  'gotlands län': 'SE214',
  'blekinge län': 'SE221',
  'skåne län': 'SE224',
  'hallands län': 'SE231',
  'västra götalands län': 'SE232',
  'värmlands län': 'SE311',
  'dalarnas län': 'SE312',
  'gävleborgs län': 'SE313',
  'västernorrlands län': 'SE321',
  'jämtlands län': 'SE322',
  'västerbottens län': 'SE331',
  'norrbottens län': 'SE332',
};

/**
 * Tillväxtverket's "Swedish partners in Interreg 2021-2027" (the interregbarometern data):
 * one JSON array, one element per Swedish partner in a project, fields in Swedish.
 * The file is read whole: it is the complete national extract (1,196 rows, 0.6 MB) and a
 * JSON array has no record boundaries a line reader could stream on.
 * Rows without an organisation name (the extract leaves some out) are skipped.
 */
export const interregSe: PartnerImporter = {
  async *rows(file) {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(parsed))
      throw new InvalidInput(`${file}: expected the extract's JSON array of partner rows`);
    for (const element of parsed) yield stringFields(element);
  },
  async apply(tx, row, counts) {
    const name = row.organisationsnamn?.trim();
    const programme = row.program?.trim();
    const projectName = row.projektnamn?.trim();
    if (!name || !programme || !projectName) return false;
    const country = countryFromSwedishName(row.land);
    const county = row.nuts3?.trim() ?? '';
    await storeParticipation(tx, counts, {
      project: {
        dataset: 'interreg-se',
        family: 'interreg',
        sourceKey: projectKey(programme, projectName, row.projekttyp),
        acronym: null,
        title: projectName,
        programme,
        startYear: yearOf(row.startdatum),
        endYear: yearOf(row.slutdatum),
        topics: row.specifiktmal?.trim() ? [row.specifiktmal.trim()] : [],
      },
      organisation: {
        dataset: 'interreg-se',
        // No identifier in the extract: the name where the row places it is the key.
        sourceKey: `name:${normaliseName(name)}|${country ?? ''}|${county}`,
        name,
        country,
        city: null,
        nuts: SWEDISH_COUNTY_NUTS[county.toLowerCase()] ?? null,
        type:
          typeFromName(name) ??
          typeFromInterregOrganisation(row.organisationstyp, row.organisationsagande),
        identifiers: [],
      },
      role: row.organisationsroll?.trim().toUpperCase() === 'LP' ? 'coordinator' : 'partner',
      euContribution: amountOf(row.partnerbudget),
    });
    return true;
  },
};

/**
 * The extract has no project id (`id` numbers the rows within a programme), so a project is
 * its programme and name. A feasibility study is an operation of its own, run before the
 * regular project of the same name (Northern Periphery and Arctic's SelfCare and MINDSET),
 * while "Small" and "Regular" on one name and dates are one project written two ways.
 */
function projectKey(programme: string, projectName: string, projectType: string | undefined) {
  const feasibility = projectType?.trim().toLowerCase() === 'feasibility study';
  return `${programme}|${projectName}${feasibility ? '|feasibility study' : ''}`;
}

function countryFromSwedishName(name: string | undefined): string | null {
  return SWEDISH_COUNTRY_NAMES[(name ?? '').trim().toLowerCase()] ?? null;
}

/** Numbers and nulls as the strings a RowImporter's rows carry (null → ''). */
function stringFields(element: unknown): Record<string, string> {
  if (typeof element !== 'object' || element === null) return {};
  return Object.fromEntries(
    Object.entries(element).map(([key, value]) => [key, value == null ? '' : String(value)]),
  );
}

/** "2023-01-01" → 2023. */
function yearOf(value: string | undefined): number | null {
  const match = /^(\d{4})-\d{2}-\d{2}/.exec(value?.trim() ?? '');
  return match ? Number(match[1]) : null;
}
