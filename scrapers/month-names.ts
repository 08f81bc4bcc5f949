/** Month names of the languages programme sites write dates in, for prose-dates.ts. */
export const DATE_LANGUAGES = ['en', 'sv', 'nb', 'no', 'nn', 'da', 'fi', 'de'] as const;
export type DateLanguage = (typeof DATE_LANGUAGES)[number];

type MonthTable = 'en' | 'sv' | 'nb' | 'da' | 'fi' | 'de';

const MONTHS: Record<MonthTable, string[]> = {
  en: words(
    'january february march april may june july august september october november december',
  ),
  sv: words(
    'januari februari mars april maj juni juli augusti september oktober november december',
  ),
  nb: words('januar februar mars april mai juni juli august september oktober november desember'),
  da: words('januar februar marts april maj juni juli august september oktober november december'),
  de: words('januar februar märz april mai juni juli august september oktober november dezember'),
  fi: words(
    'tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu marraskuu joulukuu',
  ),
};

function words(list: string): string[] {
  return list.split(' ');
}

/** German spellings that are not a prefix of the names above (Austrian Jänner, ASCII Maerz). */
const GERMAN_VARIANTS: Array<[string, number]> = [
  ['jänner', 1],
  ['jaenner', 1],
  ['maerz', 3],
];

export function isDateLanguage(value: string): value is DateLanguage {
  return (DATE_LANGUAGES as readonly string[]).includes(value);
}

function monthTable(language: DateLanguage): MonthTable {
  return language === 'no' || language === 'nn' ? 'nb' : language;
}

/** 1–12 for a month name or abbreviation ("feb.", "Sept", "helmikuuta", "helmik."), else null. */
export function monthOf(word: string, language: DateLanguage): number | null {
  const table = monthTable(language);
  const lower = word.toLowerCase().replace(/\.$/, '');
  const names = MONTHS[table];
  for (const [index, name] of names.entries()) {
    if (table === 'fi') {
      // Finnish inflects: "helmikuuta" (15. helmikuuta), "helmik." abbreviated.
      const stem = name.replace(/kuu$/, '');
      if (lower.startsWith(stem) && /^(kuu\p{L}*|k)?$/u.test(lower.slice(stem.length)))
        return index + 1;
    } else if (isNameOrAbbreviation(lower, name)) {
      return index + 1;
    }
  }
  if (table !== 'de') return null;
  const variant = GERMAN_VARIANTS.find(([name]) => isNameOrAbbreviation(lower, name));
  return variant ? variant[1] : null;
}

/** "sept", "feb", "dez" abbreviate; two letters are too few ("ma": mars or maj). */
function isNameOrAbbreviation(word: string, name: string): boolean {
  return word === name || (word.length >= 3 && name.startsWith(word));
}
