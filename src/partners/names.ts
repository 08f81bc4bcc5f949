/**
 * Organisation names as they are compared: case, accents and punctuation aside, legal
 * forms dropped ("AS", "AB", "Oy", "GmbH", "Ltd"), and a municipality's name reduced to its
 * place ("Bergen kommune", "Municipality of Bergen", "Bergens kommun" all read "bergen").
 * Only for comparing: the names shown are kept as the datasets write them.
 */
const LEGAL_FORMS = new Set([
  'ab',
  'publ',
  'as',
  'asa',
  'sa',
  'oy',
  'oyj',
  'aps',
  'a s',
  'gmbh',
  'ag',
  'ev',
  'ltd',
  'limited',
  'plc',
  'llc',
  'inc',
  'bv',
  'nv',
  'srl',
  'sl',
  'spa',
  'sas',
  'sro',
  'zoo',
  'sp',
  'ou',
  'uab',
  'sia',
  'kft',
  'doo',
]);

/** Words that say "the municipality of": dropped, so the place name is what is compared. */
const MUNICIPAL_WORDS = new Set([
  'kommun',
  'kommune',
  'kommunes',
  'municipality',
  'municipal',
  'council',
  'of',
  'city',
  'stad',
  'kunta',
  'kaupunki',
  'gemeinde',
  'gmina',
  'vald',
  'novads',
  'savivaldybe',
]);

export function normaliseName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const municipal = words.some((word) => MUNICIPAL_WORDS.has(word) && word !== 'of');
  const kept = words.filter(
    (word) => !LEGAL_FORMS.has(word) && !(municipal && MUNICIPAL_WORDS.has(word)),
  );
  // A Swedish genitive before "kommun" ("Bergs kommun", "Lidingö stads") is the place.
  if (municipal && kept.length === 1) kept[0] = (kept[0] as string).replace(/s$/, '');
  return (kept.length > 0 ? kept : words).join(' ');
}

/** Cities compare like names, without the legal forms: "OSLO" and "Oslo" are one city. */
export function normaliseCity(city: string | null | undefined): string | null {
  if (!city) return null;
  const normalised = city
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return normalised === '' ? null : normalised;
}
