import type { ActionCategory } from '../../scrapers/types.js';
import { type PhraseIndex, phraseIndex, phrasesIn, stems } from './text.js';

/**
 * Who a call asks to do the work. The rubrics' grade 2 asks that a municipality (its
 * schools, care services, cultural institutions) could realistically apply, lead or be an
 * active partner: a research action built around schools or care services is the
 * municipality's business; one whose central fields name only research funders or
 * laboratories is not. The phrases are kinds of actor in the words calls use for
 * them; none names a call or programme.
 */
interface Phrase {
  phrase: string;
  stems: string[];
}

const phrases = (list: readonly string[]): PhraseIndex<Phrase> =>
  phraseIndex(list.map((phrase) => ({ phrase, stems: stems(phrase, 'en') })));

/**
 * Local and regional government itself. Each kind named lifts the score (MUNICIPAL_LIFT in
 * score.ts). No phrase here is a vocabulary term: "schools" or "care providers" already count
 * as subject evidence and must not count twice.
 */
const AUTHORITIES = phrases([
  'local authorities',
  'local and regional authorities',
  'regional authorities',
  'municipalities',
  'municipality',
  'local governments',
  'local government',
  'public authorities',
  'public administrations',
  'city administrations',
  'cities and regions',
  'public bodies',
  'local actors',
  'pilot cities',
]);

/**
 * The services, institutions and people a municipality runs or works with every day. Only
 * words whose stem is theirs alone: "educators" stems as "education" does, "volunteers" as
 * "voluntary".
 */
const PRACTICE = phrases([
  'schools',
  'teachers',
  'pupils',
  'school leaders',
  'kindergartens',
  'youth workers',
  'youth organisations',
  'care providers',
  'care homes',
  'social services',
  'care professionals',
  'practitioners',
  'frontline',
  'end users',
  'pilot sites',
  'living labs',
  'civil society organisations',
  'non-governmental organisations',
  'local communities',
  'community organisations',
  'libraries',
  'museums',
  'cultural organisations',
  'sports clubs',
  'grassroots',
  'public services',
  'public employment services',
]);

/**
 * Actors of research itself: when a call's central fields name only these, it pools research
 * funding or builds laboratory capacity, and a municipality can at most use the results.
 */
const RESEARCH_ONLY = phrases([
  'research funders',
  'funding agencies',
  'funding organisations',
  'research funding organisations',
  'programme owners',
  'laboratories',
  'research infrastructures',
  'testing facilities',
  'pilot lines',
]);

/** How the type of action sets who leads before the call says more: research consortia lead research. */
const ACTION_BASE: Partial<Record<ActionCategory, { factor: number; reason: string }>> = {
  research: { factor: 0.55, reason: 'research and innovation action' },
  'research-cofund': { factor: 0.6, reason: 'co-funded research programme' },
  innovation: { factor: 0.7, reason: 'innovation action' },
};
/**
 * Each kind of municipal service or institution a research or innovation action's title,
 * tags or call title name (the action is built around them) closes part of the gap to a
 * municipal action, saturating: one closes a third of it, two a half, four two thirds.
 * Named only in a description they are usually a list of stakeholders, and count for nothing.
 */
const PRACTICE_HALF = 2;
/** A call whose central fields name only research actors sinks a further fifth. */
const RESEARCH_ONLY_FACTOR = 0.8;

export interface Participation {
  /** Kinds of local or regional government the call names, anywhere. */
  authorities: string[];
  /** Municipal services and institutions its title, tags or call title name. */
  practice: string[];
  /** Research actors its title, tags or call title name. */
  researchOnly: string[];
}

interface FieldTokens {
  title: string[];
  subject: string[];
  callTitle: string[];
  description: string[];
}

export function participationIn(tokens: FieldTokens): Participation {
  const everywhere = [tokens.title, tokens.subject, tokens.callTitle, tokens.description];
  const central = [tokens.title, tokens.subject, tokens.callTitle];
  // One pass per field over each index: these run for every call of every poll.
  const named = (index: PhraseIndex<Phrase>, sequences: string[][]) => {
    const found = new Set<string>();
    for (const sequence of sequences)
      for (const { phrase } of phrasesIn(sequence, index)) found.add(phrase);
    return [...found];
  };
  return {
    authorities: named(AUTHORITIES, everywhere),
    practice: named(PRACTICE, central),
    researchOnly: named(RESEARCH_ONLY, central),
  };
}

/**
 * Below 1 when research consortia lead (the type of action), less so when the call is built
 * around municipal services, lower still when its central fields name only research actors.
 */
export function actionFactorOf(
  actionCategory: ActionCategory | null,
  participation: Participation,
): { factor: number; reason: string | null } {
  const base = (actionCategory && ACTION_BASE[actionCategory]) ?? { factor: 1, reason: null };
  const practice = participation.practice.length;
  let factor = base.factor + ((1 - base.factor) * practice) / (practice + PRACTICE_HALF);
  let reason =
    base.reason && practice > 0
      ? `${base.reason} with ${participation.practice.join(', ')}`
      : base.reason;
  const municipal = participation.authorities.length + practice;
  if (municipal === 0 && participation.researchOnly.length > 0) {
    factor *= RESEARCH_ONLY_FACTOR;
    reason = `${reason ? `${reason}, ` : ''}for ${participation.researchOnly.join(', ')}`;
  }
  return { factor, reason };
}
