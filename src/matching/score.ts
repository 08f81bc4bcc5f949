import type { AreaModel } from './area-model.js';
import { type CallFeatures, containsPhrase, type Field, fields } from './call-features.js';
import type { Eligibility } from './eligibility.js';
import { type AreaFeedback, feedbackFactor } from './feedback.js';
import { conceptById } from './vocabulary/index.js';

/** Evidence a programme prior adds for each of its concepts (a title mention is ~3). */
const PRIOR_EVIDENCE = 1.2;
const LITERAL_EVIDENCE: Record<Field, number> = {
  title: 2,
  subject: 1.5,
  callTitle: 1,
  description: 0.5,
};
/** Each phrase naming local or regional authorities (up to three) lifts the score 15 %. */
const MUNICIPAL_LIFT = 0.15;
/** Raw evidence at which a score reaches 63 of 100; sets where "relevant" begins. */
const SCALE = 12;
/** A call about development in another continent, open to a Nordic municipality or not. */
const OUTSIDE_EUROPE_FACTOR = 0.4;
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
  daysLeft: number | null;
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

export function scoreCallForArea(
  features: CallFeatures,
  area: AreaModel,
  eligibility: Eligibility,
  options: ScoreOptions,
): AreaMatch {
  const { call } = features;
  const daysLeft = call.nextDeadlineAt
    ? Math.floor((call.nextDeadlineAt.getTime() - options.now.getTime()) / DAY_MS)
    : null;
  const explanation: MatchExplanation = {
    concepts: [],
    keywords: [],
    programme: null,
    localAuthorities: features.municipalSignals,
    action: features.actionFactor.reason,
    ineligible: eligibility.reason,
    daysLeft,
    likeRelevant: null,
    likeNotRelevant: null,
  };
  const excluded = area.exclusions.some((exclusion) =>
    fields.some((field) => containsPhrase(features.tokens[field], exclusion.stems)),
  );
  if (
    !eligibility.eligible ||
    excluded ||
    (options.deadlineFeasibility && call.status === 'closed')
  ) {
    return {
      areaKey: area.key,
      score: 0,
      eligible: eligibility.eligible && !excluded,
      explanation,
    };
  }

  let raw = 0;
  const priorLabels = new Set<string>();
  for (const [conceptId, wanted] of area.concepts) {
    const evidence = features.concepts.get(conceptId);
    let prior = 0;
    for (const programmePrior of features.priors) {
      const strength = programmePrior.concepts[conceptId];
      if (strength) {
        prior += strength * PRIOR_EVIDENCE;
        priorLabels.add(programmePrior.label);
      }
    }
    // Only clear terms count: the rubric's "do not reward mere mentions of words like health
    // or city". Loose words are kept in the features for explanations, not for the score.
    const contribution =
      wanted.weight * ((evidence?.evidence ?? 0) + prior) * contrastDamping(features, conceptId);
    if (contribution <= 0) continue;
    raw += contribution;
    if (evidence) {
      explanation.concepts.push({
        conceptId,
        label: conceptById.get(conceptId)?.label.en ?? conceptId,
        via: wanted.via,
        found: evidence.phrases,
        contribution,
      });
    }
  }
  for (const literal of area.literals) {
    const field = fields.find((candidate) =>
      containsPhrase(features.tokens[candidate], literal.stems),
    );
    if (!field) continue;
    raw += LITERAL_EVIDENCE[field];
    explanation.keywords.push(literal.keyword);
  }
  explanation.concepts.sort((a, b) => b.contribution - a.contribution);
  explanation.programme = [...priorLabels][0] ?? null;

  raw *= features.actionFactor.factor;
  if (features.regionOutsideEurope) raw *= OUTSIDE_EUROPE_FACTOR;
  raw *= 1 + MUNICIPAL_LIFT * Math.min(3, features.municipalSignals.length);
  if (options.deadlineFeasibility) raw *= deadlineFactor(daysLeft);
  const feedback = feedbackFactor(features, options.feedback);
  raw *= feedback.factor;
  explanation.likeRelevant = feedback.likeRelevant;
  explanation.likeNotRelevant = feedback.likeNotRelevant;
  const score = Math.round(1000 * (1 - Math.exp(-raw / SCALE))) / 10;
  return { areaKey: area.key, score, eligible: true, explanation };
}

/** Evidence shrinks when the call is more about a contrasting concept (universities, not schools). */
const CONTRAST_DAMPING = 0.25;
function contrastDamping(features: CallFeatures, conceptId: string): number {
  const contrasts = conceptById.get(conceptId)?.contrasts;
  if (!contrasts) return 1;
  const own = features.concepts.get(conceptId)?.evidence ?? 0;
  const other = contrasts.reduce((sum, id) => sum + (features.concepts.get(id)?.evidence ?? 0), 0);
  return other > own ? CONTRAST_DAMPING : 1;
}

/** Too little time to write a proposal ranks a call lower; it is still shown. */
function deadlineFactor(daysLeft: number | null): number {
  if (daysLeft === null) return 1;
  if (daysLeft < 7) return 0.3;
  if (daysLeft < 14) return 0.6;
  if (daysLeft < 30) return 0.85;
  return 1;
}
