import { type Language, profileLanguages, stem, stems } from '../text.js';
import { communityConcepts } from './community.js';
import { educationConcepts } from './education.js';
import { healthConcepts } from './health.js';
import { peopleConcepts } from './people.js';
import { territoryConcepts } from './territory.js';
import type { ConceptDefinition, WeightedTerm } from './types.js';
import { urbanConcepts } from './urban.js';

export const concepts: readonly ConceptDefinition[] = [
  ...healthConcepts,
  ...educationConcepts,
  ...urbanConcepts,
  ...communityConcepts,
  ...peopleConcepts,
  ...territoryConcepts,
];

export interface CompiledTerm {
  conceptId: string;
  /** The phrase as written in the vocabulary, for explanations. */
  phrase: string;
  stems: string[];
  weight: number;
  /** The concept's `looseInTitleIsClear`, carried on each term for the per-token loop. */
  looseInTitleIsClear: boolean;
}

/** Terms indexed by their first stem; phrase matching then checks the following stems. */
type TermIndex = Map<string, CompiledTerm[]>;

function compile(
  language: Language,
  pick: (concept: ConceptDefinition) => readonly WeightedTerm[],
): TermIndex {
  const index: TermIndex = new Map();
  for (const concept of concepts) {
    for (const term of pick(concept)) {
      const [phrase, weight] = typeof term === 'string' ? [term, 1] : term;
      const termStems = stems(phrase, language);
      const first = termStems[0];
      if (!first) continue;
      const list = index.get(first) ?? [];
      list.push({
        conceptId: concept.id,
        phrase,
        stems: termStems,
        weight,
        looseInTitleIsClear: concept.looseInTitleIsClear === true,
      });
      index.set(first, list);
    }
  }
  // Longest phrase first, so "public health" wins over "health" at the same position.
  for (const list of index.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return index;
}

/** English terms with their weights: what finds a concept in a call. */
export const callTermIndex: TermIndex = compile('en', (concept) => concept.en);

/** Every language's terms (all weight 1, English keeps its weights): what finds a concept in a profile. */
export const profileTermIndexes: ReadonlyMap<Language, TermIndex> = new Map(
  profileLanguages.map((language) => [
    language,
    compile(language, (concept) =>
      language === 'en' ? concept.en : concept[language].map((term) => term),
    ),
  ]),
);

/** Single-word terms by stem, per language: the parts a compound word may be built of. */
export const compoundParts: ReadonlyMap<Language, Map<string, string[]>> = new Map(
  profileLanguages.map((language) => {
    const parts = new Map<string, string[]>();
    for (const concept of concepts) {
      const terms =
        language === 'en'
          ? concept.en.map((term) => (typeof term === 'string' ? term : term[0]))
          : concept[language];
      for (const term of terms) {
        if (/\s|-/.test(term) || term.length < 4) continue;
        const key = stem(term, language);
        parts.set(key, [...new Set([...(parts.get(key) ?? []), concept.id])]);
      }
    }
    return [language, parts];
  }),
);

export const conceptById: ReadonlyMap<string, ConceptDefinition> = new Map(
  concepts.map((concept) => [concept.id, concept]),
);

interface TermMatch {
  term: CompiledTerm;
  position: number;
}

/** Longest-first phrase matches over a stem sequence; a matched span is not matched again. */
export function matchTerms(tokens: readonly string[], index: TermIndex): TermMatch[] {
  const matches: TermMatch[] = [];
  for (let position = 0; position < tokens.length; ) {
    const candidates = index.get(tokens[position] as string);
    const found = candidates?.find((term) =>
      term.stems.every((part, offset) => tokens[position + offset] === part),
    );
    if (found) {
      matches.push({ term: found, position });
      position += found.stems.length;
    } else {
      position += 1;
    }
  }
  return matches;
}
