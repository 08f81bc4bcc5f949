import type { AreaProfile } from '../tenants/profile.js';
import { translateKeyword } from './lexicon/lexicon.js';
import { isLanguage, type Language, stem, stems, words } from './text.js';
import { compoundParts, conceptById, matchTerms, profileTermIndexes } from './vocabulary/index.js';

export interface AreaConcept {
  weight: number;
  /** Profile words that led to the concept, for explanations ("äldreomsorg"). */
  via: string[];
}

/** A priority area compiled for matching: its concepts, and its own words as literals. */
export interface AreaModel {
  key: string;
  name: string;
  weight: number;
  concepts: Map<string, AreaConcept>;
  /**
   * Profile keywords as English stems, matched as written ("Erasmus", "Interreg"), and the
   * lexicon's translations of keywords the vocabulary does not know ("fyr → lighthouse").
   * `weight` scales a literal's evidence: 1 as written, less for a translation.
   */
  literals: AreaLiteral[];
  exclusions: Array<{ phrase: string; stems: string[] }>;
}

export interface AreaLiteral {
  /** What an explanation shows: the keyword, or "keyword → translation". */
  keyword: string;
  stems: string[];
  weight: number;
}

const KEYWORD_WEIGHT = 1;
/**
 * A dictionary's translation counts for less than the keyword itself: it lists a word's
 * senses without knowing which one the profile means (Swedish "svamp" is mushroom and
 * sponge), and a curated vocabulary concept, with its synonyms, outweighs both.
 */
const TRANSLATION_WEIGHT = 0.6;

const NAME_WEIGHT = 0.8;
const DESCRIPTION_WEIGHT = 0.5;
const BROADER_SHARE = 0.4;
const RELATED_SHARE = 0.5;
/** Several keywords reinforcing one concept count, up to a point. */
const MAX_CONCEPT_WEIGHT = 1.6;

export function compileArea(area: AreaProfile, languages: readonly string[]): AreaModel {
  // Keywords and names are often English loanwords ("Interreg", "e-health"): every language
  // reads them. A description is prose in the tenant's own language: reading it as English
  // too turns false friends into concepts (Swedish "genom", through, is not "genomic").
  const wordLanguages = [...new Set([...languages.filter(isLanguage), 'en' as const])];
  const proseLanguages = languages.filter(isLanguage).slice(0, 1);
  const concepts = new Map<string, AreaConcept>();
  const add = (conceptId: string, weight: number, via: string) => {
    const current = concepts.get(conceptId) ?? { weight: 0, via: [] };
    current.weight = Math.min(MAX_CONCEPT_WEIGHT, current.weight + weight);
    if (!current.via.includes(via)) current.via.push(via);
    concepts.set(conceptId, current);
  };
  const pieces: Array<[string, number, readonly Language[]]> = [
    ...area.keywords.map((keyword): [string, number, Language[]] => [
      keyword,
      KEYWORD_WEIGHT,
      wordLanguages,
    ]),
    [area.name, NAME_WEIGHT, wordLanguages],
    ...splitSentences(area.description ?? '').map((sentence): [string, number, Language[]] => [
      sentence,
      DESCRIPTION_WEIGHT,
      proseLanguages.length ? proseLanguages : wordLanguages,
    ]),
  ];
  for (const [text, weight, pieceLanguages] of pieces) {
    for (const { conceptId, strength, via } of conceptsIn(text, pieceLanguages)) {
      if (conceptById.get(conceptId)?.contrastOnly) continue;
      add(conceptId, weight * strength, via);
    }
  }
  // A broader concept is implied once, by its strongest narrower concept: five health
  // keywords must not make the loose word "health" the area's heaviest concept.
  const implied = new Map<string, { weight: number; via: string }>();
  for (const [conceptId, concept] of concepts) {
    for (const broader of conceptById.get(conceptId)?.broader ?? []) {
      const weight = concept.weight * BROADER_SHARE;
      if ((implied.get(broader)?.weight ?? 0) < weight)
        implied.set(broader, { weight, via: concept.via[0] ?? '' });
    }
  }
  for (const [conceptId, concept] of concepts) {
    for (const related of conceptById.get(conceptId)?.related ?? []) {
      const weight = concept.weight * RELATED_SHARE;
      if ((implied.get(related)?.weight ?? 0) < weight)
        implied.set(related, { weight, via: concept.via[0] ?? '' });
    }
  }
  for (const [conceptId, { weight, via }] of implied) {
    if (!concepts.has(conceptId)) add(conceptId, weight, via);
  }
  return {
    key: area.key,
    name: area.name,
    weight: area.weight ?? 1,
    concepts,
    literals: keywordLiterals(area.keywords, wordLanguages),
    exclusions: (area.exclusions ?? []).map((phrase) => ({ phrase, stems: stems(phrase, 'en') })),
  };
}

/**
 * Each keyword as written, then translations of the keywords that yield no concept in any of
 * the tenant's languages (lexicon.ts translates a longer keyword or a compound by its parts).
 * A keyword the vocabulary knows keeps its concepts alone: a dictionary's sense of one of
 * its words ("psykisk" in "psykisk hälsa" is "psychic") would only add noise.
 */
function keywordLiterals(keywords: readonly string[], languages: readonly Language[]) {
  const literals: AreaLiteral[] = keywords
    .map((keyword) => ({ keyword, stems: stems(keyword, 'en'), weight: KEYWORD_WEIGHT }))
    .filter((literal) => literal.stems.length > 0);
  const known = new Set(literals.map((literal) => literal.stems.join(' ')));
  for (const keyword of keywords) {
    if (conceptsIn(keyword, languages).length > 0) continue;
    for (const language of languages) {
      for (const english of translateKeyword(keyword, language)) {
        const englishStems = stems(english, 'en');
        // A translation the profile already names, or spelt like the word, adds nothing.
        if (known.has(englishStems.join(' '))) continue;
        known.add(englishStems.join(' '));
        literals.push({
          keyword: `${keyword} → ${english}`,
          stems: englishStems,
          weight: TRANSLATION_WEIGHT,
        });
      }
    }
  }
  return literals;
}

/** Sentences of a description: each counts once, so a long description cannot outweigh keywords. */
function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?;:])\s+/).filter((sentence) => sentence.trim() !== '');
}

interface ConceptHit {
  conceptId: string;
  strength: number;
  via: string;
}

/** Concepts named in a piece of profile text, in any of the tenant's languages. */
function conceptsIn(text: string, languages: readonly Language[]): ConceptHit[] {
  const hits = new Map<string, ConceptHit>();
  const keep = (hit: ConceptHit) => {
    const existing = hits.get(hit.conceptId);
    if (!existing || existing.strength < hit.strength) hits.set(hit.conceptId, hit);
  };
  for (const language of languages) {
    const index = profileTermIndexes.get(language);
    if (!index) continue;
    const tokens = stems(text, language);
    const matched = new Set<number>();
    for (const { term, position } of matchTerms(tokens, index)) {
      keep({ conceptId: term.conceptId, strength: term.weight, via: term.phrase });
      for (let offset = 0; offset < term.stems.length; offset += 1) matched.add(position + offset);
    }
    if (language === 'en' || language === 'fi') continue;
    // Swedish, Norwegian and Danish join words: "ungdomsutbyte" is ungdom(s) + utbyte.
    words(text.replace(/-/g, ' ')).forEach((word, position) => {
      if (matched.has(position)) return;
      for (const hit of compoundConcepts(word, language)) keep(hit);
    });
  }
  return [...hits.values()];
}

const MIN_PART = 3;

function compoundConcepts(word: string, language: Language): ConceptHit[] {
  const parts = compoundParts.get(language);
  if (!parts || word.length < 2 * MIN_PART + 1) return [];
  const hits: ConceptHit[] = [];
  for (let split = MIN_PART; split <= word.length - MIN_PART; split += 1) {
    const head = word.slice(0, split);
    const tail = word.slice(split);
    // The linking -s- (ungdom-s-utbyte) or -e- (barn-e-hage) belongs to neither part.
    const headConcepts =
      parts.get(stem(head, language)) ?? parts.get(stem(head.replace(/[se]$/, ''), language)) ?? [];
    const tailConcepts = parts.get(stem(tail, language)) ?? [];
    // The tail carries the meaning (omsorg in äldreomsorg); the head narrows it.
    for (const conceptId of tailConcepts) hits.push({ conceptId, strength: 0.9, via: word });
    if (tailConcepts.length > 0 || tail.length >= 5) {
      for (const conceptId of headConcepts) hits.push({ conceptId, strength: 0.7, via: word });
    }
  }
  return hits;
}
