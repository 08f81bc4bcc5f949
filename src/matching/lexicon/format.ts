/**
 * The shipped data file's layout, shared by the generator and the lookup: per language one
 * string of entries `stem:translation|translation;…`. One string instead of an object of
 * forty thousand keys keeps the compiler from typing every entry, and separators that JSON
 * need not escape keep the file under Biome's 1 MiB limit. Stems and translations are
 * letters, spaces, hyphens and apostrophes only (build.ts), so the separators never occur.
 */

/** The languages with a lexicon; English profiles need none. */
export const LEXICON_LANGUAGES = ['sv', 'nb', 'da', 'fi'] as const;
export type LexiconLanguage = (typeof LEXICON_LANGUAGES)[number];

export function serialiseEntries(entries: ReadonlyMap<string, readonly string[]>): string {
  return [...entries].map(([key, english]) => `${key}:${english.join('|')}`).join(';');
}

export function parseEntries(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const entry of text.split(';')) {
    const [key, english] = entry.split(':');
    if (key && english) entries.set(key, english.split('|'));
  }
  return entries;
}
