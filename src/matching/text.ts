import snowball from 'snowball-stemmers';

/** Languages profiles may be written in; calls are matched through their English terms. */
export const profileLanguages = ['en', 'sv', 'nb', 'da', 'fi'] as const;
export type Language = (typeof profileLanguages)[number];

const snowballNames: Record<Language, string> = {
  en: 'english',
  sv: 'swedish',
  nb: 'norwegian',
  da: 'danish',
  fi: 'finnish',
};

const stemmers = new Map(
  profileLanguages.map((language) => [language, snowball.newStemmer(snowballNames[language])]),
);
const caches = new Map(profileLanguages.map((language) => [language, new Map<string, string>()]));

/** Stems shorter than this collide too often (Swedish lärare and lära both become "lär"). */
const MIN_STEM = 4;

/** Snowball stem, memoised: the same few thousand words recur across every call. */
export function stem(word: string, language: Language): string {
  const cache = caches.get(language) as Map<string, string>;
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = (stemmers.get(language) as { stem(word: string): string }).stem(word);
    if (stemmed.length < MIN_STEM) stemmed = word;
    cache.set(word, stemmed);
  }
  return stemmed;
}

// Letters of every language we read, digits kept so "4.0" or "2030" stay tokens.
const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased words; hyphenated words also yield their joined form ("e-health" → e, health, ehealth). */
export function words(text: string): string[] {
  const lower = text.toLowerCase().replace(/[’']/g, '');
  const result: string[] = [];
  for (const match of lower.matchAll(WORD)) result.push(match[0]);
  return result;
}

/** Stemmed tokens of a text, in order (phrases are matched as consecutive stems). */
export function stems(text: string, language: Language): string[] {
  return words(text.replace(/-/g, ' ')).map((word) => stem(word, language));
}

export function isLanguage(value: string): value is Language {
  return (profileLanguages as readonly string[]).includes(value);
}

/** True when the stems of a phrase occur consecutively in the sequence. */
export function containsPhrase(sequence: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  for (let start = 0; start <= sequence.length - phrase.length; start += 1) {
    if (phrase.every((part, offset) => sequence[start + offset] === part)) return true;
  }
  return false;
}

/** Phrases by their first stem, so one pass over a sequence finds every phrase in it. */
export type PhraseIndex<T extends { stems: readonly string[] }> = ReadonlyMap<string, T[]>;

export function phraseIndex<T extends { stems: readonly string[] }>(
  phrases: readonly T[],
): PhraseIndex<T> {
  const index = new Map<string, T[]>();
  for (const phrase of phrases) {
    const first = phrase.stems[0];
    if (first === undefined) continue;
    index.set(first, [...(index.get(first) ?? []), phrase]);
  }
  return index;
}

/** Every occurrence of an indexed phrase in the sequence, in order (overlaps included). */
export function* phrasesIn<T extends { stems: readonly string[] }>(
  sequence: readonly string[],
  index: PhraseIndex<T>,
): Generator<T> {
  for (let start = 0; start < sequence.length; start += 1) {
    const candidates = index.get(sequence[start] as string);
    if (!candidates) continue;
    for (const phrase of candidates) {
      if (phrase.stems.every((part, offset) => sequence[start + offset] === part)) yield phrase;
    }
  }
}
