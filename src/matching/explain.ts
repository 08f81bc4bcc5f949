import type { StoredExplanation } from '../db/schema/index.js';
import type { AreaMatch, ConceptMatch } from './score.js';

/** The few words an explanation needs, in the department's language. */
const phrases = {
  en: {
    matched: 'matched',
    in: 'in',
    programme: 'programme',
    local: 'open to local authorities',
    days: (n: number) => `deadline in ${n} days`,
    passed: (n: number) => `deadline passed ${n} days ago`,
    research: 'research-led',
    keyword: 'keyword',
    fields: {
      title: 'the title',
      subject: 'the tags',
      callTitle: 'the call title',
      description: 'the description',
    },
  },
  sv: {
    matched: 'matchade',
    in: 'i',
    programme: 'program',
    local: 'öppen för kommuner',
    days: (n: number) => `sista dag om ${n} dagar`,
    passed: (n: number) => `sista dagen passerade för ${n} dagar sedan`,
    research: 'forskningsledd',
    keyword: 'nyckelord',
    fields: {
      title: 'titeln',
      subject: 'taggarna',
      callTitle: 'utlysningens titel',
      description: 'beskrivningen',
    },
  },
  nb: {
    matched: 'traff',
    in: 'i',
    programme: 'program',
    local: 'åpen for kommuner',
    days: (n: number) => `frist om ${n} dager`,
    passed: (n: number) => `fristen gikk ut for ${n} dager siden`,
    research: 'forskningsledet',
    keyword: 'nøkkelord',
    fields: {
      title: 'tittelen',
      subject: 'stikkordene',
      callTitle: 'utlysningens tittel',
      description: 'beskrivelsen',
    },
  },
} as const;

type ExplanationLanguage = keyof typeof phrases;

/** The strongest concepts, as stored: [concept, profile word, call phrase, field]. */
export function compactConcepts(concepts: ConceptMatch[], max = 4): StoredExplanation['concepts'] {
  return concepts.slice(0, max).map((concept) => {
    const [field, found] = Object.entries(concept.found)[0] ?? ['', []];
    return [concept.conceptId, concept.via[0] ?? concept.label, found?.[0] ?? concept.label, field];
  });
}

/** The stored form of a reference match's explanation. */
export function storedExplanation(match: AreaMatch): StoredExplanation {
  const { explanation } = match;
  return {
    concepts: compactConcepts(explanation.concepts),
    keywords: explanation.keywords,
    programme: explanation.programme,
    localAuthorities: explanation.localAuthorities.length > 0,
    action: explanation.action,
    likeRelevant: explanation.likeRelevant,
    likeNotRelevant: explanation.likeNotRelevant,
  };
}

/**
 * One line a person can read in an email: "matched äldreomsorg ↔ long-term care in the
 * description; programme EU4Health; open to local authorities; deadline in 41 days".
 */
export function explanationLine(
  explanation: StoredExplanation,
  daysLeft: number | null,
  language: string,
  maxConcepts = 3,
): string {
  const words = phrases[(language in phrases ? language : 'en') as ExplanationLanguage];
  const parts: string[] = [];
  const conceptParts = explanation.concepts
    .slice(0, maxConcepts)
    .map(([, profileWord, callPhrase, field]) => {
      const where = field ? ` ${words.in} ${words.fields[field as keyof typeof words.fields]}` : '';
      return `${profileWord} ↔ ${callPhrase}${where}`;
    });
  if (conceptParts.length) parts.push(`${words.matched} ${conceptParts.join(', ')}`);
  if (explanation.keywords.length)
    parts.push(`${words.keyword} ${explanation.keywords.join(', ')}`);
  if (explanation.programme) parts.push(`${words.programme} ${explanation.programme}`);
  if (explanation.localAuthorities) parts.push(words.local);
  if (explanation.action) parts.push(words.research);
  // A passed deadline is said, not left out: the reader must not take the call for open.
  if (daysLeft !== null) parts.push(daysLeft >= 0 ? words.days(daysLeft) : words.passed(-daysLeft));
  return parts.join('; ');
}
