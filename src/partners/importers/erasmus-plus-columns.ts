import type { OrganisationType } from '../../db/schema/index.js';

/**
 * The columns of the Erasmus+ "Projects_Overview" CSV and of the older EAC programmes'
 * overviews (Lifelong Learning, Youth in Action, Tempus, Creative Europe…): the same data
 * under headers that differ between exports ("Coordinating organisation name" in Erasmus+,
 * "Coordinator's name" in Creative Europe), then `Partner 1..100 {name, organisation type,
 * address, region, country, website}` (older programmes: name, address, country, website).
 */
export interface Participant {
  role: 'coordinator' | 'partner';
  name: string;
  typeText: string;
  address: string;
  country: string;
  pic: string;
  oid: string;
}

type Row = Record<string, string>;

/** The first of the headers the row has, trimmed; '' when none is there or filled. */
export function field(row: Row, ...headers: string[]): string {
  for (const header of headers) {
    const value = row[header]?.trim();
    if (value) return value;
  }
  return '';
}

/** The coordinator, then every partner whose name column is filled, in column order. */
export function participantsOf(row: Row): Participant[] {
  const coordinator: Participant = {
    role: 'coordinator',
    name: field(row, 'Coordinating organisation name', "Coordinator's name", 'Coordinator name'),
    typeText: field(
      row,
      'Coordinating organisation type',
      'Coordinator organisation type',
      "Coordinator's organisation type",
    ),
    address: field(row, "Coordinator's address", 'Coordinator address'),
    country: field(row, "Coordinator's country", 'Coordinator country'),
    pic: field(row, "Coordinator's PIC", 'Coordinating organisation PIC', 'Coordinator PIC'),
    oid: field(row, "Coordinator's OID", 'Coordinating organisation OID', 'Coordinator OID'),
  };
  const partners: Participant[] = [];
  for (let n = 1; `Partner ${n} name` in row; n += 1) {
    const name = field(row, `Partner ${n} name`);
    if (!name) continue;
    partners.push({
      role: 'partner',
      name,
      typeText: field(row, `Partner ${n} organisation type`),
      address: field(row, `Partner ${n} address`),
      country: field(row, `Partner ${n} country`),
      pic: field(row, `Partner ${n} PIC`),
      oid: field(row, `Partner ${n} OID`),
    });
  }
  return coordinator.name ? [coordinator, ...partners] : partners;
}

/**
 * "Erasmus+ / Learning Mobility of Individuals / School education staff mobility": Erasmus+
 * and Creative Europe name programme, key action (sub-programme) and action in three columns;
 * the older programmes in one backslash path ("Youth\Youth in action (2007-2013)\…").
 */
export function programmeOf(row: Row): string | null {
  const path = field(row, 'Programme Funding');
  const parts = path
    ? path.split('\\')
    : [
        field(row, 'Programme'),
        field(row, 'Key Action', 'Sub-programme'),
        field(row, 'Action Type', 'Action'),
      ];
  const programme = parts
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' / ');
  return programme || null;
}

/** "2015-01-01" or "01/05/2006" → the year; null for anything else. */
export function yearOf(value: string): number | null {
  const match = /^(\d{4})-\d{2}-\d{2}|^\d{2}\/\d{2}\/(\d{4})$/.exec(value.trim());
  const year = match?.[1] ?? match?.[2];
  return year ? Number(year) : null;
}

/**
 * The Erasmus+ organisation types (the programme's own list, e.g. "School/Institute/
 * Educational centre – General education (secondary level)", "Public body – local"; older
 * exports write "Local Public body"), most specific first. Creative Europe's free text
 * ("Multimedia association", "Literature Foundation") falls under the same words.
 * "Accreditation, certification or qualification body" and "Other" say nothing: 'other'.
 */
const TYPE_TEXTS: Array<[RegExp, OrganisationType]> = [
  [/school|educational centre|kindergarten|adult education/i, 'school'],
  [/higher education|universit/i, 'university'],
  [/research/i, 'research'],
  [/public body.*local|local public/i, 'municipality'],
  [/public body.*regional|regional public/i, 'region'],
  [/public body|public authority|ministry|\bgovernment\b/i, 'public-agency'],
  [/non-governmental|\bngo\b|non[- ]profit|association|foundation|sport club|federation/i, 'ngo'],
  [/enterprise|\bsme\b|company|business/i, 'company'],
];

export function typeFromErasmusText(text: string): OrganisationType {
  for (const [pattern, type] of TYPE_TEXTS) if (pattern.test(text)) return type;
  return 'other';
}

// A postcode alone: digits with an optional country prefix ("LV-4650", "DE-14476", "185 32",
// "06050"; three digits at least, so a house number is not one), a British or a Dutch one.
const POSTCODE = String.raw`(?:[A-Z]{1,2}-)?\d[\d -]{1,8}\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4} ?[A-Z]{2}`;
const POSTCODE_ALONE = new RegExp(`^(?:${POSTCODE})$`, 'u');
const POSTCODE_THEN_CITY = new RegExp(`^(?:${POSTCODE})\\s+(\\p{L}[\\p{L}\\p{M} .'’()-]*)$`, 'u');

/**
 * The city of an address, when the address says it in a way that can be relied on: the part
 * after the postcode ("street, 3390, MELK"; "street  74081 HEILBRONN"; "N/A, GRONINGEN" where
 * the street is unknown). Otherwise null: guessing a city from "Newcastle upon Tyne Tyne &
 * Wear NE1 8ST" would make name + country + city matches wrong.
 */
export function cityOfAddress(address: string): string | null {
  const parts = address
    .split(/,|\n|\s{2,}/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 2 && /^n\/?a$/i.test(parts[0] as string)) return plausibleCity(parts[1]);
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const part = parts[index] as string;
    const digits = part.match(/\d/g)?.length ?? 0;
    if (POSTCODE_ALONE.test(part) && (digits >= 3 || /[A-Z]\d/.test(part)))
      return plausibleCity(parts[index + 1]);
    const withCity = POSTCODE_THEN_CITY.exec(part);
    if (withCity && digits >= 3) return plausibleCity(withCity[1]);
  }
  return null;
}

function plausibleCity(part: string | undefined): string | null {
  const city = part?.trim();
  return city && /^\p{L}/u.test(city) && !/\d/.test(city) && city.length <= 60 ? city : null;
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
/** Region codes ICU names that are no country ("European Union", "Unknown Region"). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

/** English country names ("Belgium", "Netherlands") to ISO codes, from the runtime's ICU data. */
const COUNTRY_BY_NAME: Map<string, string> = (() => {
  const names = new Map<string, string>();
  for (let first = 65; first <= 90; first += 1)
    for (let second = 65; second <= 90; second += 1) {
      const code = String.fromCharCode(first, second);
      const name = REGION_NAMES.of(code);
      if (name && name !== code && !NOT_COUNTRIES.has(code)) names.set(name.toLowerCase(), code);
    }
  return names;
})();

/**
 * Culture 2007-2013 leaves the partners' country column empty and writes the country after
 * the name ("Kunstencentrum Vooruit, Belgium", "Springdance, the Netherlands"): the name
 * without it and the country's ISO code, or null when the last part is no country's name.
 */
export function countryInName(name: string): { name: string; country: string } | null {
  const comma = name.lastIndexOf(',');
  if (comma <= 0) return null;
  const tail = name
    .slice(comma + 1)
    .trim()
    .replace(/^the\s+/i, '')
    .toLowerCase();
  const country = COUNTRY_BY_NAME.get(tail);
  return country ? { name: name.slice(0, comma).trim(), country } : null;
}
