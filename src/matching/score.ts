import { deriveStatus } from '../ingest/status.js';
import type { AreaLiteral, AreaModel } from './area-model.js';
import { type CallFeatures, type Field, fields } from './call-features.js';
import type { Eligibility } from './eligibility.js';
import { type AreaFeedback, feedbackFactor } from './feedback.js';
import { containsPhrase } from './text.js';
import { conceptById } from './vocabulary/index.js';

/** Evidence a programme prior adds for each of its concepts: a programme says about as much
 * about a call's subject as a mention in its title (~3). */
const PRIOR_EVIDENCE = 2.5;
const LITERAL_EVIDENCE: Record<Field, number> = {
  title: 2,
  subject: 1.5,
  callTitle: 1,
  description: 0.5,
};
/** Each phrase naming local or regional authorities (up to three) lifts the score 15 %. */
const MUNICIPAL_LIFT = 0.15;
/** Raw evidence at which a score reaches 63 of 100; sets where "relevant" begins. */
export const SCORE_SCALE = 12;
/** A call about development in another continent, open to a Nordic municipality or not. */
const OUTSIDE_EUROPE_FACTOR = 0.4;
/** Evidence shrinks when the call is more about a contrasting concept (universities, not schools). */
const CONTRAST_DAMPING = 0.25;
const DAY_MS = 86_400_000;

export interface ScoreOptions {
  now: Date;
  /** Off in evaluation, where every call counts as open. */
  deadlineFeasibility: boolean;
  /** The coordinator's verdicts for this area, if any. */
  feedback?: AreaFeedback;
}

export interface ConceptMatch {
  conceptId: string;
  label: string;
  /** The profile's words that asked for it. */
  via: string[];
  /** Phrases found in the call, per field. */
  found: Partial<Record<Field, string[]>>;
  contribution: number;
}

export interface MatchExplanation {
  concepts: ConceptMatch[];
  keywords: string[];
  programme: string | null;
  localAuthorities: string[];
  action: string | null;
  ineligible: string | null;
  /**
   * Days to the next deadline as of `now`; negative (days since the last one) when every
   * deadline has passed, so an explanation can say so instead of hiding it.
   */
  daysLeft: number | null;
  /** True when the call is closed as of `now` (never matched with deadline feasibility on). */
  closed: boolean;
  /** The judged call this one resembles, when feedback moved it. */
  likeRelevant: string | null;
  likeNotRelevant: string | null;
}

export interface AreaMatch {
  areaKey: string;
  /** 0–100, comparable across calls: the same number means the same strength of fit. */
  score: number;
  eligible: boolean;
  explanation: MatchExplanation;
}

/**
 * The reference scorer: one call, one area. The batch matcher (batch.ts) computes the same
 * numbers for many calls at once from the same building blocks below; a test holds them equal.
 */
export function scoreCallForArea(
  features: CallFeatures,
  area: AreaModel,
  eligibility: Eligibility,
  options: ScoreOptions,
): AreaMatch {
  const explanation: MatchExplanation = {
    concepts: [],
    keywords: [],
    programme: null,
    localAuthorities: features.municipalSignals,
    action: features.actionFactor.reason,
    ineligible: eligibility.reason,
    ...timingAt(features, options.now),
    likeRelevant: null,
    likeNotRelevant: null,
  };
  const excluded = isExcluded(features, area);
  if (!eligibility.eligible || excluded || (options.deadlineFeasibility && explanation.closed)) {
    return {
      areaKey: area.key,
      score: 0,
      eligible: eligibility.eligible && !excluded,
      explanation,
    };
  }
  let raw = 0;
  for (const [conceptId, wanted] of area.concepts) {
    const value = conceptValue(features, conceptId);
    if (value > 0) raw += wanted.weight * value;
  }
  for (const literal of area.literals) {
    const evidence = literalEvidence(features, literal);
    if (evidence > 0) {
      raw += evidence;
      explanation.keywords.push(literal.keyword);
    }
  }
  explanation.concepts = explainConcepts(features, area);
  explanation.programme = programmeLabel(features, area);
  const feedback = feedbackFor(features, area, options, raw * scoreMultiplier(features, options));
  explanation.likeRelevant = feedback.likeRelevant;
  explanation.likeNotRelevant = feedback.likeNotRelevant;
  return {
    areaKey: area.key,
    score: finishScore(raw, scoreMultiplier(features, options), feedback.factor),
    eligible: true,
    explanation,
  };
}

/**
 * The coordinator's verdicts applied to one call of an area (feedback-model.ts), given the
 * call's evidence after its multiplier; both scorers call this. A judged call's prior is its
 * score for the area as a call open to the tenant.
 */
export function feedbackFor(
  features: CallFeatures,
  area: AreaModel,
  options: ScoreOptions,
  evidence: number,
): ReturnType<typeof feedbackFactor> {
  return feedbackFactor(
    features,
    options.feedback,
    area,
    (judged) =>
      scoreCallForArea(
        judged,
        area,
        { eligible: true, reason: null },
        { now: options.now, deadlineFeasibility: false },
      ).score,
    evidence / SCORE_SCALE,
  );
}

/**
 * What one call offers one concept, before the area's weight: its evidence plus what its
 * programme implies, shrunk when the call is really about a contrasting concept.
 */
export function conceptValue(features: CallFeatures, conceptId: string): number {
  let prior = 0;
  for (const programmePrior of features.priors)
    prior += (programmePrior.concepts[conceptId] ?? 0) * PRIOR_EVIDENCE;
  const evidence = features.concepts.get(conceptId)?.evidence ?? 0;
  if (evidence + prior === 0) return 0;
  return (evidence + prior) * contrastDamping(features, conceptId);
}

/**
 * A profile keyword found in the call: counted once, in its most central field, times the
 * literal's weight (below 1 for a dictionary translation of a word the vocabulary lacks).
 */
export function literalEvidence(
  features: CallFeatures,
  literal: Pick<AreaLiteral, 'stems' | 'weight'>,
): number {
  const field = fields.find((candidate) =>
    containsPhrase(features.tokens[candidate], literal.stems),
  );
  return field ? LITERAL_EVIDENCE[field] * literal.weight : 0;
}

export function isExcluded(features: CallFeatures, area: AreaModel): boolean {
  return area.exclusions.some((exclusion) =>
    fields.some((field) => containsPhrase(features.tokens[field], exclusion.stems)),
  );
}

/**
 * What the call itself says about who it is for and when, as one factor: research-led
 * actions and other continents sink, local authorities lift, little time left sinks.
 */
export function scoreMultiplier(features: CallFeatures, options: ScoreOptions): number {
  let multiplier = features.actionFactor.factor;
  if (features.regionOutsideEurope) multiplier *= OUTSIDE_EUROPE_FACTOR;
  multiplier *= 1 + MUNICIPAL_LIFT * Math.min(3, features.municipalSignals.length);
  if (options.deadlineFeasibility) multiplier *= deadlineFactor(timingAt(features, options.now));
  return multiplier;
}

/** Raw evidence → 0–100, given the call's multiplier and the feedback factor. */
export function finishScore(raw: number, multiplier: number, feedback: number): number {
  const value = raw * multiplier * feedback;
  return Math.round(1000 * (1 - Math.exp(-value / SCORE_SCALE))) / 10;
}

/** The concepts that carried the match, strongest first. */
export function explainConcepts(features: CallFeatures, area: AreaModel): ConceptMatch[] {
  const matched: ConceptMatch[] = [];
  for (const [conceptId, wanted] of area.concepts) {
    const evidence = features.concepts.get(conceptId);
    const value = conceptValue(features, conceptId);
    if (!evidence || value <= 0) continue;
    matched.push({
      conceptId,
      label: conceptById.get(conceptId)?.label.en ?? conceptId,
      via: wanted.via,
      found: evidence.phrases,
      contribution: wanted.weight * value,
    });
  }
  return matched.sort((a, b) => b.contribution - a.contribution);
}

/** The programme prior that spoke for this area, if any. */
export function programmeLabel(features: CallFeatures, area: AreaModel): string | null {
  return (
    features.priors.find((prior) =>
      Object.keys(prior.concepts).some((conceptId) => area.concepts.has(conceptId)),
    )?.label ?? null
  );
}

function contrastDamping(features: CallFeatures, conceptId: string): number {
  const contrasts = conceptById.get(conceptId)?.contrasts;
  if (!contrasts) return 1;
  const own = features.concepts.get(conceptId)?.evidence ?? 0;
  const other = contrasts.reduce((sum, id) => sum + (features.concepts.get(id)?.evidence ?? 0), 0);
  return other > own ? CONTRAST_DAMPING : 1;
}

/**
 * Where the call stands as of `now`, from its own dates: a stored status may lag behind the
 * clock (no poll, no sweep yet), so it only ever adds "closed" (absence), never "open".
 */
function timingAt(features: CallFeatures, now: Date): { closed: boolean; daysLeft: number | null } {
  const { call } = features;
  const derived = deriveStatus(call, now);
  const closed = call.status === 'closed' || derived.status === 'closed';
  const reference = closed ? lastDeadline(call.deadlines) : derived.nextDeadlineAt;
  return {
    closed,
    daysLeft: reference ? Math.floor((reference.getTime() - now.getTime()) / DAY_MS) : null,
  };
}

function lastDeadline(deadlines: ReadonlyArray<{ deadlineAt: Date }>): Date | null {
  let last: Date | null = null;
  for (const { deadlineAt } of deadlines)
    if (!last || deadlineAt.getTime() > last.getTime()) last = deadlineAt;
  return last;
}

/**
 * A call that is closed as of now never scores; too little time to write a proposal ranks a
 * call lower, but it is still shown.
 */
function deadlineFactor(timing: { closed: boolean; daysLeft: number | null }): number {
  if (timing.closed) return 0;
  const days = timing.daysLeft;
  if (days === null) return 1;
  if (days < 7) return 0.3;
  if (days < 14) return 0.6;
  if (days < 30) return 0.85;
  return 1;
}
