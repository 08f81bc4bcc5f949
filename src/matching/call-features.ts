import type { ActionCategory, ApplicantType } from '../../scrapers/types.js';
import participation from './data/programme-participation.json' with { type: 'json' };
import { type ProgrammePrior, programmePriors } from './data/programme-priors.js';
import { actionFactorOf, type Participation, participationIn } from './participation.js';
import { isLanguage, type Language, phraseIndex, phrasesIn, stems } from './text.js';
import {
  type CompiledTerm,
  callTermIndex,
  matchTerms,
  profileTermIndexes,
} from './vocabulary/index.js';

/**
 * The call fields matching reads; a subset of the stored call, in source-neutral terms (the
 * identifier names a call in explanations, matching never parses it).
 */
export interface MatchableCall {
  id: string;
  identifier: string;
  title: string;
  callTitle: string | null;
  programmeCode: string | null;
  /** The programme's name as the source gives it ("Interreg North Sea"). */
  programmeName: string | null;
  /** The language of the call's text (ISO 639-1): English for the portal's calls. */
  language: string;
  programmeStrands: string[];
  actionCategory: ActionCategory | null;
  eligibleCountries: string[];
  applicantTypes: ApplicantType[];
  tags: string[];
  keywords: string[];
  descriptionText: string;
  /** As stored: may lag behind the clock until the status sweep catches up. */
  status: 'forthcoming' | 'open' | 'closed';
  nextDeadlineAt: Date | null;
  /** The dates the matcher judges "open" and "days left" by, as of its own now. */
  openingAt: Date | null;
  deadlines: ReadonlyArray<{ deadlineAt: Date }>;
}

export const fields = ['title', 'subject', 'callTitle', 'description'] as const;
export type Field = (typeof fields)[number];

/** Where a word appears says how central it is: the title most, the description least. */
const FIELD_WEIGHTS: Record<Field, number> = {
  title: 3,
  subject: 2,
  callTitle: 1.2,
  description: 1,
};
/** BM25-style saturation per field: the tenth mention adds little over the second. */
const SATURATION: Record<Field, number> = {
  title: 0.5,
  subject: 0.8,
  callTitle: 0.5,
  description: 1.5,
};
/** Terms weighted below this are loose words ("health", "city"). */
const LOOSE_TERM_WEIGHT = 0.5;
/** Typical description length in tokens, for length normalisation (BM25 b = 0.75). */
const AVERAGE_DESCRIPTION = 700;

export interface ConceptEvidence {
  /** From clear terms ("public health"). */
  evidence: number;
  /** From loose words ("health", "cities"): support a match, never carry one alone. */
  loose: number;
  /** Matched phrases per field, for explanations. */
  phrases: Partial<Record<Field, string[]>>;
}

export interface CallFeatures {
  call: MatchableCall;
  tokens: Record<Field, string[]>;
  concepts: Map<string, ConceptEvidence>;
  priors: Array<{ label: string; concepts: Readonly<Record<string, number>> }>;
  /** Phrases saying local or regional authorities take part. */
  municipalSignals: string[];
  /** Who the call asks to do the work (participation.ts). */
  participation: Participation;
  /**
   * Below 1 for research-driven actions where a municipality is at most a test site, less so
   * the more municipal actors the call asks for.
   */
  actionFactor: { factor: number; reason: string | null };
  /** A region outside Europe the call is about, when its title names one. */
  regionOutsideEurope: string | null;
}

/** The portal's programmes (their codes): what matching reads from a code, not a name. */
const portalProgrammes = new Set(Object.keys(participation.programmes));

/**
 * A call from outside the portal (an Interreg programme's, a programme site's) is known by
 * its programme's name: the name says what the programme funds ("Interreg", "European
 * Urban Initiative") and counts with the call's themes. A portal programme is read from its
 * code (programme priors, participation), never from its name.
 */
function programmeSubject(call: MatchableCall): string[] {
  const code = call.programmeCode?.toUpperCase();
  return call.programmeName && !(code && portalProgrammes.has(code)) ? [call.programmeName] : [];
}

/**
 * The language a call is read in: its own when the vocabulary has terms in it (a Norwegian
 * calendar, a Swedish programme page), English otherwise. Portal calls are English.
 */
function textLanguageOf(call: MatchableCall): Language {
  const language = ['no', 'nn'].includes(call.language) ? 'nb' : call.language;
  return isLanguage(language) ? language : 'en';
}

export function extractFeatures(call: MatchableCall): CallFeatures {
  const language = textLanguageOf(call);
  const termIndex =
    language === 'en' ? callTermIndex : (profileTermIndexes.get(language) ?? callTermIndex);
  const tokens: Record<Field, string[]> = {
    title: stems(call.title, language),
    subject: stems(
      [...call.tags, ...call.keywords, ...programmeSubject(call)].join(' . '),
      language,
    ),
    callTitle: stems(call.callTitle ?? '', language),
    description: stems(call.descriptionText, language),
  };
  const concepts = new Map<string, ConceptEvidence>();
  for (const field of fields) {
    const clearFrequency = new Map<string, number>();
    const looseFrequency = new Map<string, number>();
    for (const { term } of matchTerms(tokens[field], termIndex)) {
      const frequency = isLoose(term, field) ? looseFrequency : clearFrequency;
      frequency.set(term.conceptId, (frequency.get(term.conceptId) ?? 0) + term.weight);
      const entry = concepts.get(term.conceptId) ?? { evidence: 0, loose: 0, phrases: {} };
      const phrases = entry.phrases[field] ?? [];
      if (!phrases.includes(term.phrase)) phrases.push(term.phrase);
      entry.phrases[field] = phrases;
      concepts.set(term.conceptId, entry);
    }
    const lengthNorm =
      field === 'description' ? 0.25 + 0.75 * (tokens.description.length / AVERAGE_DESCRIPTION) : 1;
    const k = SATURATION[field] * lengthNorm;
    const saturate = (frequency: number) =>
      (FIELD_WEIGHTS[field] * frequency * (1 + SATURATION[field])) / (frequency + k);
    for (const [conceptId, frequency] of clearFrequency) {
      (concepts.get(conceptId) as ConceptEvidence).evidence += saturate(frequency);
    }
    for (const [conceptId, frequency] of looseFrequency) {
      (concepts.get(conceptId) as ConceptEvidence).loose += saturate(frequency);
    }
  }
  const participation = participationIn(tokens);
  return {
    call,
    tokens,
    concepts,
    priors: programmePriors.filter((prior) => priorApplies(prior, call)),
    municipalSignals: participation.authorities,
    participation,
    actionFactor: actionFactorOf(call.actionCategory, participation),
    regionOutsideEurope:
      regionOutsideEuropeIn([...tokens.title, '.', ...tokens.callTitle]) ??
      regionRecurringIn(tokens.description),
  };
}

function inProgramme(call: MatchableCall, programmes: readonly string[]): boolean {
  return call.programmeCode !== null && programmes.includes(call.programmeCode.toUpperCase());
}

function priorApplies(prior: ProgrammePrior, call: MatchableCall): boolean {
  if (!inProgramme(call, prior.programmes)) return false;
  return !prior.strands || prior.strands.some((strand) => call.programmeStrands.includes(strand));
}

const REGIONS_OUTSIDE_EUROPE = [
  'sub-saharan africa',
  'africa',
  'african',
  'latin america',
  'caribbean',
  'asia',
  'pacific',
  'low- and middle-income countries',
  'lmics',
  'developing countries',
  'global south',
].map((phrase) => ({ phrase, stems: stems(phrase, 'en') }));

const regionIndex = phraseIndex(REGIONS_OUTSIDE_EUROPE);

/** How often each region is named in a sequence (one pass: this runs for every call). */
function regionMentions(sequence: readonly string[]): Map<string, number> {
  const mentions = new Map<string, number>();
  for (const { phrase } of phrasesIn(sequence, regionIndex))
    mentions.set(phrase, (mentions.get(phrase) ?? 0) + 1);
  return mentions;
}

/** Calls about development elsewhere rarely suit a Nordic municipality, even when open to it. */
function regionOutsideEuropeIn(sequence: readonly string[]): string | null {
  const mentions = regionMentions(sequence);
  return REGIONS_OUTSIDE_EUROPE.find((region) => mentions.has(region.phrase))?.phrase ?? null;
}

/**
 * A call whose description keeps returning to one region outside Europe is about that
 * region even when its title is not (a partnership that funds research with and for
 * sub-Saharan Africa says so in every topic's scope); one mention in passing ("including
 * partners from Africa") is not enough.
 */
const RECURRING_MENTIONS = 3;

function regionRecurringIn(description: readonly string[]): string | null {
  const mentions = regionMentions(description);
  return (
    REGIONS_OUTSIDE_EUROPE.find(
      (region) => (mentions.get(region.phrase) ?? 0) >= RECURRING_MENTIONS,
    )?.phrase ?? null
  );
}

function isLoose(term: CompiledTerm, field: Field): boolean {
  if (term.weight >= LOOSE_TERM_WEIGHT) return false;
  return !(field === 'title' && term.looseInTitleIsClear);
}
