/**
 * The bilingual lexicon fallback: English translations of a profile word the vocabulary does
 * not know, from FreeDict's dictionaries (README.md beside this file), so a Swedish keyword
 * outside the vocabulary still finds the English calls that name its subject.
 */
import snowball from 'snowball-stemmers';
import { type Language, stem, stems, words } from '../text.js';
import data from './data/lexicon.json' with { type: 'json' };
import { englishStopWords, genericEnglish } from './english-noise.js';
import { LEXICON_LANGUAGES, type LexiconLanguage, parseEntries } from './format.js';

const lexicons = new Map<Language, Map<string, string[]>>(
  LEXICON_LANGUAGES.map((language: LexiconLanguage) => [language, parseEntries(data[language])]),
);

const snowballNames: Record<LexiconLanguage, string> = {
  sv: 'swedish',
  nb: 'norwegian',
  da: 'danish',
  fi: 'finnish',
};
const plainStemmers = new Map<Language, { stem(word: string): string }>(
  LEXICON_LANGUAGES.map((language) => [language, snowball.newStemmer(snowballNames[language])]),
);

/**
 * A word's entry, by the matcher's stem, else by the plain snowball stem: the matcher keeps a
 * stem shorter than four letters as the whole word (text.ts), so "fyren" (the lighthouse)
 * stays "fyren" while the headword "fyr" is filed as "fyr".
 */
function entryFor(lexicon: Map<string, string[]>, word: string, language: Language) {
  const plain = plainStemmers.get(language)?.stem(word);
  return lexicon.get(stem(word, language)) ?? (plain ? lexicon.get(plain) : undefined);
}

const noiseStems = new Set(
  [...englishStopWords, ...genericEnglish].map((word) => stem(word, 'en')),
);

/** A compound's parts are at least this long (bi-odling would let "bi" split everything). */
const MIN_PART = 3;
/** Phrases made by joining the parts' translations: the strongest few, not every pairing. */
const MAX_COMPOSED = 4;
/** Each part contributes its first translations only; later senses are the rare ones. */
const SENSES_PER_PART = 2;
/** Words this short with no entry are function words ("och", "og", "ja") a phrase can lose. */
const MAX_DROPPABLE = 3;

/**
 * English phrases for a profile keyword in one language, strongest first: the keyword's
 * own entry; else, for several words, the words' translations joined in order; else, for a
 * Swedish, Norwegian or Danish compound, its parts' translations joined ("vattenkvalitet"
 * → "water quality"). A translation made only of generic words is left out.
 */
export function translateKeyword(keyword: string, language: Language): string[] {
  const lexicon = lexicons.get(language);
  if (!lexicon) return [];
  const written = words(keyword.replace(/-/g, ' '));
  const translations =
    (written.length > 1
      ? lexicon.get(stems(keyword, language).join(' '))
      : entryFor(lexicon, written[0] ?? '', language)) ??
    (written.length > 1
      ? composePhrase(written, language, lexicon)
      : compoundTranslations(written[0] ?? '', language, lexicon));
  return translations.filter((english) => !isNoise(english));
}

function isNoise(english: string): boolean {
  return stems(english, 'en').every((part) => noiseStems.has(part));
}

/**
 * Norwegian "rent vann" → "clean water": every word translated, function words dropped. One
 * word's translation alone is not the keyword's ("nya hus" is not "house"): no phrase then.
 */
function composePhrase(
  written: readonly string[],
  language: Language,
  lexicon: Map<string, string[]>,
): string[] {
  const parts: string[][] = [];
  for (const word of written) {
    const translations = wordTranslations(word, language, lexicon);
    if (translations.length > 0) parts.push(translations.slice(0, SENSES_PER_PART));
    else if (word.length > MAX_DROPPABLE) return [];
  }
  return parts.length > 1 ? joinAll(parts) : [];
}

function wordTranslations(word: string, language: Language, lexicon: Map<string, string[]>) {
  return entryFor(lexicon, word, language) ?? compoundTranslations(word, language, lexicon);
}

/**
 * A compound read as head + tail, both in the lexicon, the longest known tail first (it
 * carries the meaning: kvalitet in vattenkvalitet). Finnish compounds inflect their head
 * (mehiläis-hoitaja) and are mostly entries of their own, so they are not split.
 */
function compoundTranslations(
  word: string,
  language: Language,
  lexicon: Map<string, string[]>,
): string[] {
  if (language === 'fi' || language === 'en' || word.length < 2 * MIN_PART) return [];
  for (let split = MIN_PART; split <= word.length - MIN_PART; split += 1) {
    const head = word.slice(0, split);
    const tail = entryFor(lexicon, word.slice(split), language);
    // The linking -s- (stad-s-bibliotek) or -e- (barn-e-hage) belongs to neither part.
    const headTranslations =
      entryFor(lexicon, head, language) ?? entryFor(lexicon, head.replace(/[se]$/, ''), language);
    if (tail && headTranslations) {
      return joinAll([headTranslations, tail].map((list) => list.slice(0, SENSES_PER_PART)));
    }
  }
  return [];
}

/** The parts' translations joined in order, first senses first, at most MAX_COMPOSED. */
function joinAll(parts: readonly string[][]): string[] {
  let phrases = [''];
  for (const options of parts) {
    phrases = phrases.flatMap((phrase) => options.map((option) => `${phrase} ${option}`.trim()));
  }
  return phrases.slice(0, MAX_COMPOSED);
}
