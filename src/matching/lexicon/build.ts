/**
 * npm run lexicon:build — regenerates data/lexicon.json from Debian's FreeDict packages
 * (README.md beside this file lists them). Run by a developer after installing the
 * packages; the generated file is committed, so neither the service nor CI needs them.
 *
 * Each language's headwords are keyed by their snowball stem, as the matcher stems profile
 * words, so an inflected keyword finds its entry ("fyrar" → fyr → lighthouse).
 */
import { writeFileSync } from 'node:fs';
import { stems } from '../text.js';
import { type DictEntry, readDictionary } from './dictd.js';
import { englishStopWords } from './english-noise.js';
import { LEXICON_LANGUAGES, type LexiconLanguage, serialiseEntries } from './format.js';

/** Where each language's entries come from; Norwegian has only an English→Norwegian one. */
const SOURCES: Record<LexiconLanguage, { dictionary: string; reversed: boolean }> = {
  sv: { dictionary: 'freedict-swe-eng', reversed: false },
  da: { dictionary: 'freedict-dan-eng', reversed: false },
  fi: { dictionary: 'freedict-fin-eng', reversed: false },
  nb: { dictionary: 'freedict-eng-nor', reversed: true },
};

/** A few senses of a word are enough; dictionaries list up to a dozen, most of them rare. */
const MAX_TRANSLATIONS = 4;
/** A longer translation is a definition ("a person who keeps bees"), not a term a call uses. */
const MAX_WORDS = 3;
/** Shorter headwords are function words and abbreviations (i, på, og, ja). */
const MIN_HEADWORD = 3;

interface Candidate {
  english: string;
  /** Sense position plus position within the sense: the first sense's first word leads. */
  rank: number;
  headwordLength: number;
}

/** A dictionary's phrase as a matchable term, or null when it is a note, a name or a definition. */
export function cleanPhrase(raw: string): string | null {
  // Species and place names are capitalised word by word ("European Honey Buzzard").
  if ((raw.match(/(^|\s)\p{Lu}/gu) ?? []).length >= 2) return null;
  const phrase = raw
    .replace(/\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g, ' ')
    .toLowerCase()
    .replace(/^(to|a|an|the)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (phrase === '' || !/^[\p{L}][\p{L}' -]*$/u.test(phrase)) return null;
  const words = phrase.split(' ');
  if (words.length > MAX_WORDS || words.every((word) => englishStopWords.has(word))) return null;
  return phrase;
}

function isHeadword(entry: DictEntry): boolean {
  const { headword, partOfSpeech } = entry;
  // Proper nouns (countries, people) and affixes ("-ism") are no profile's keywords.
  if (partOfSpeech === 'pn' || /^\p{Lu}/u.test(headword)) return false;
  // Affixes ("-ism"), numbered books ("1. Mooseksen kirja") and abbreviations ("t.ex.") neither.
  if (!/^\p{L}[\p{L}' -]*\p{L}$/u.test(headword)) return false;
  return headword.length >= MIN_HEADWORD && headword.split(' ').length <= MAX_WORDS;
}

/** Source-language headword → English candidates, in either direction of dictionary. */
function pairs(entries: DictEntry[], reversed: boolean): Array<[string, Candidate]> {
  const found: Array<[string, Candidate]> = [];
  for (const entry of entries) {
    if (!isHeadword(entry)) continue;
    entry.senses.forEach((sense, senseIndex) => {
      sense.forEach((item, itemIndex) => {
        const rank = senseIndex + itemIndex;
        const [source, english] = reversed
          ? [cleanPhrase(item), cleanPhrase(entry.headword)]
          : [entry.headword.toLowerCase(), cleanPhrase(item)];
        // A translation spelt like the word itself adds nothing: the keyword as written is
        // already matched (Swedish "turism" is not translated to "turism").
        if (!source || !english || source === english || source.length < MIN_HEADWORD) return;
        found.push([source, { english, rank, headwordLength: source.length }]);
      });
    });
  }
  return found;
}

function buildLanguage(language: LexiconLanguage): Map<string, string[]> {
  const { dictionary, reversed } = SOURCES[language];
  const byStem = new Map<string, Candidate[]>();
  for (const [source, candidate] of pairs(readDictionary(dictionary), reversed)) {
    const key = stems(source, language).join(' ');
    if (key === '') continue;
    const list = byStem.get(key) ?? [];
    list.push(candidate);
    byStem.set(key, list);
  }
  const lexicon = new Map<string, string[]>();
  for (const [key, candidates] of [...byStem].sort(([a], [b]) => (a < b ? -1 : 1))) {
    candidates.sort((a, b) => a.rank - b.rank || a.headwordLength - b.headwordLength);
    const chosen: string[] = [];
    const chosenStems = new Set<string>();
    for (const { english } of candidates) {
      const englishStems = stems(english, 'en').join(' ');
      if (chosenStems.has(englishStems)) continue;
      chosenStems.add(englishStems);
      chosen.push(english);
      if (chosen.length === MAX_TRANSLATIONS) break;
    }
    lexicon.set(key, chosen);
  }
  return lexicon;
}

function main(): void {
  const output: Record<string, string> = {};
  for (const language of LEXICON_LANGUAGES) {
    const lexicon = buildLanguage(language);
    output[language] = serialiseEntries(lexicon);
    process.stdout.write(
      `${language}: ${lexicon.size} stems from ${SOURCES[language].dictionary}\n`,
    );
  }
  const file = new URL('./data/lexicon.json', import.meta.url);
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
  process.stdout.write(`wrote ${file.pathname}\n`);
}

main();
