import type { StoredExplanation } from '../db/schema/index.js';
import { explanationLine } from './explain.js';
import type { Explanation, ExplanationLanguage } from './schemas.js';

const DAY_MS = 86_400_000;

/** Language tags people send for the languages explanations are written in. */
const LANGUAGE_OF_TAG: Record<string, ExplanationLanguage> = {
  sv: 'sv',
  nb: 'nb',
  // Plain "Norwegian" is what most browsers send; explanations are written in Bokmål.
  no: 'nb',
  en: 'en',
};

function supported(language: string | null | undefined): ExplanationLanguage | null {
  const primary = language?.trim().toLowerCase().split('-')[0];
  return (primary && LANGUAGE_OF_TAG[primary]) || null;
}

/**
 * The first language of an Accept-Language header (by q, then order) explanations are
 * written in; null when it names none (RFC 9110 §12.5.4).
 */
export function acceptedLanguage(header: string | undefined): ExplanationLanguage | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...parameters] = part.split(';');
      const q = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const language = supported(entry.tag);
    if (language) return language;
  }
  return null;
}

/** The first of the candidates explanations are written in, else English. */
export function explanationLanguage(
  ...candidates: Array<string | null | undefined>
): ExplanationLanguage {
  for (const candidate of candidates) {
    const language = supported(candidate);
    if (language) return language;
  }
  return 'en';
}

/** Whole days from now to the next deadline, as the matcher counts them; null when undated. */
export function daysLeftOf(nextDeadlineAt: Date | null, now: Date): number | null {
  return nextDeadlineAt ? Math.floor((nextDeadlineAt.getTime() - now.getTime()) / DAY_MS) : null;
}

/** A stored explanation as the API shows it: the line in the language, and its parts. */
export function explanationView(
  stored: StoredExplanation,
  daysLeft: number | null,
  language: ExplanationLanguage,
): Explanation {
  return {
    text: explanationLine(stored, daysLeft, language),
    language,
    concepts: stored.concepts.map(([concept, profileWord, callPhrase, field]) => ({
      concept,
      profileWord,
      callPhrase,
      field,
    })),
    keywords: stored.keywords,
    programme: stored.programme,
    localAuthorities: stored.localAuthorities,
    action: stored.action,
    likeRelevant: stored.likeRelevant,
    likeNotRelevant: stored.likeNotRelevant,
  };
}
