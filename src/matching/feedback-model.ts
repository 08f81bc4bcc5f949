import type { CallFeatures } from './call-features.js';

/**
 * A per-area re-ranker learnt from one coordinator's verdicts: L2-regularised kernel logistic
 * regression over what the matcher knows of a call (its concepts, loose words, tags and title
 * words, programme, type of action, whether local authorities take part, the call it belongs
 * to), with the matcher's own score as the prior. It learns what the matcher gets wrong for
 * this area: a verdict the score already predicted (a call scored 95 marked relevant) teaches
 * little, a surprise (a call scored 95 marked not relevant) teaches much.
 *
 * The prior reads the score as a probability of relevance (90 means nine in ten), so a
 * verdict's weight is its surprise (y − p) and the model's logit is a change of the score's
 * log-odds (feedback.ts maps it back onto the score's evidence exactly). Fitted in the dual:
 * a Newton step is an n × n system for n verdicts, whatever the number of features.
 */

/**
 * The ridge: a unit Gaussian prior on every weight. With 3–10 verdicts and resemblances of at
 * most 1, no verdict's weight can exceed 1 (at the optimum α = (y − p) / λ).
 */
const RIDGE = 1;
/**
 * How fast resemblance fades: exp(LOCALITY · (cos − 1)), so a near copy (another topic of the
 * same call, the same call in the next work programme, cos 0.9) keeps two thirds of a
 * verdict and a call that merely shares the area's subject (cos 0.5) an eighth. Broader
 * kernels (the linear one, LOCALITY 1–2) lost nDCG@20 in most areas of the feedback
 * simulation (test/eval/feedback-simulation.ts): a handful of verdicts moved whole subjects.
 * Kept local by the rule "no area worse by more than a hundredth, then the best mean" over
 * all seven judged areas, never by one area's figure; 4 rather than 6 because at 6 a
 * confirmed call no longer visibly lifts the same call's next-year edition.
 */
const LOCALITY = 4;
const NEWTON_STEPS = 50;
const CONVERGED = 1e-9;
/** Scores outside 10–90 say no more: near 0 and 100 the log-odds run away to certainty. */
const MIN_SCORE = 10;
const MAX_SCORE = 90;

/**
 * What each group of facts about a call weighs in the resemblance of two calls. Each group's
 * vector has unit length before this weight, so a call with forty tags does not outweigh
 * one with four, and the subject (concepts) counts most.
 */
const GROUP_WEIGHTS = {
  /** The concepts the call is about, by evidence: its subject as the matcher reads it. */
  concepts: 1,
  /** Loose words ("health", "cities"): they support a subject, never carry one. */
  loose: 0.5,
  /** The portal's tags and keywords, and the title's words: the call's subject in its words. */
  subject: 0.7,
  title: 0.7,
  /** The topics of one call share its call title: a verdict on one speaks for its siblings. */
  callTitle: 0.5,
  /** Programme and strand: who funds it says which kind of organisation leads it. */
  programme: 0.5,
  /** Research, innovation, co-fund or a grant: the type of action says who does the work. */
  action: 0.5,
  /** Whether local authorities are named among those taking part, or the call serves another continent. */
  participation: 0.5,
} as const;

type Group = keyof typeof GROUP_WEIGHTS;

/** Function words of tags and titles that say nothing about a subject. */
const STOPWORDS = new Set(['with', 'from', 'into', 'their', 'that', 'this', 'these', 'other']);
/** Words shorter than this are mostly function words ("and", "for") or unstemmed fragments. */
const MIN_WORD = 4;

/** A sparse vector: feature name → value. */
export type FeatureVector = Map<string, number>;

const vectors = new WeakMap<CallFeatures, FeatureVector>();

/** The call as the re-ranker sees it, made once per call. */
function featureVectorOf(features: CallFeatures): FeatureVector {
  let vector = vectors.get(features);
  if (vector) return vector;
  const groups: Record<Group, Map<string, number>> = {
    concepts: new Map(),
    loose: new Map(),
    subject: new Map(),
    title: new Map(),
    callTitle: new Map(),
    programme: new Map(),
    action: new Map(),
    participation: new Map(),
  };
  for (const [conceptId, evidence] of features.concepts) {
    if (evidence.evidence > 0) groups.concepts.set(conceptId, evidence.evidence);
    if (evidence.loose > 0) groups.loose.set(conceptId, evidence.loose);
  }
  for (const token of features.tokens.subject) if (isWord(token)) groups.subject.set(token, 1);
  for (const token of features.tokens.title) if (isWord(token)) groups.title.set(token, 1);
  if (features.tokens.callTitle.length > 0)
    groups.callTitle.set(features.tokens.callTitle.join(' '), 1);
  const { programmeCode, programmeStrands, actionCategory } = features.call;
  if (programmeCode) {
    groups.programme.set(programmeCode, 1);
    for (const strand of programmeStrands) groups.programme.set(`${programmeCode}/${strand}`, 1);
  }
  groups.action.set(actionCategory ?? 'none', 1);
  groups.participation.set(
    features.municipalSignals.length > 0 ? 'local authorities' : 'no local authorities',
    1,
  );
  if (features.regionOutsideEurope) groups.participation.set('outside europe', 1);
  vector = new Map();
  for (const group of Object.keys(groups) as Group[]) {
    const values = groups[group];
    let norm = 0;
    for (const value of values.values()) norm += value * value;
    if (norm === 0) continue;
    const scale = GROUP_WEIGHTS[group] / Math.sqrt(norm);
    for (const [name, value] of values) vector.set(`${group}:${name}`, value * scale);
  }
  // Unit length overall: the resemblance of two calls is the cosine of their vectors.
  let total = 0;
  for (const value of vector.values()) total += value * value;
  for (const [name, value] of vector) vector.set(name, value / Math.sqrt(total));
  vectors.set(features, vector);
  return vector;
}

function isWord(token: string): boolean {
  return token.length >= MIN_WORD && !STOPWORDS.has(token) && !/^\d+$/.test(token);
}

/** How much two calls resemble each other, 0–1: 1 for the same call. */
export function resemblance(a: CallFeatures, b: CallFeatures): number {
  return Math.exp(LOCALITY * (cosine(featureVectorOf(a), featureVectorOf(b)) - 1));
}

function cosine(a: FeatureVector, b: FeatureVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [name, value] of small) {
    const other = large.get(name);
    if (other !== undefined) sum += value * other;
  }
  return sum;
}

export interface Verdict {
  features: CallFeatures;
  relevant: boolean;
  /** The matcher's own score of the call for the area, 0–100, without feedback. */
  score: number;
}

/** Each judged call with its weight in the model: positive if relevant, negative if not. */
export interface FeedbackModel {
  judged: Array<{ features: CallFeatures; relevant: boolean; weight: number }>;
}

/** The matcher's log-odds of relevance for a score read as a probability. */
export function priorLogit(score: number): number {
  const clamped = Math.min(MAX_SCORE, Math.max(MIN_SCORE, score));
  return Math.log(clamped / (100 - clamped));
}

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

/**
 * Fits the weights by Newton's method on the dual of L2-regularised logistic regression
 * with the prior as offset: α ← α − (W·K + λ·I)⁻¹ (p − y + λ·α), with K the judged calls'
 * resemblances, W = diag(p(1 − p)). At the optimum α = (y − p) / λ: a relevant call's
 * weight is positive, a not-relevant call's negative, so every verdict moves its
 * neighbours its own way. Deterministic: the same verdicts give the same model.
 */
export function trainFeedbackModel(verdicts: Verdict[]): FeedbackModel {
  const count = verdicts.length;
  const kernel = verdicts.map((a) => verdicts.map((b) => resemblance(a.features, b.features)));
  const offsets = verdicts.map((verdict) => priorLogit(verdict.score));
  const targets = verdicts.map((verdict) => (verdict.relevant ? 1 : 0));
  const alpha = new Array<number>(count).fill(0);
  for (let step = 0; step < NEWTON_STEPS; step += 1) {
    const fitted = offsets.map((offset, i) => offset + dotRow(kernel[i] as number[], alpha));
    const p = fitted.map(sigmoid);
    const gradient = p.map(
      (value, i) => value - (targets[i] as number) + RIDGE * (alpha[i] as number),
    );
    const system = kernel.map((row, i) =>
      row.map(
        (value, j) => (p[i] as number) * (1 - (p[i] as number)) * value + (i === j ? RIDGE : 0),
      ),
    );
    const delta = solve(system, gradient);
    let largest = 0;
    for (let i = 0; i < count; i += 1) {
      alpha[i] = (alpha[i] as number) - (delta[i] as number);
      largest = Math.max(largest, Math.abs(delta[i] as number));
    }
    if (largest < CONVERGED) break;
  }
  return {
    judged: verdicts.map((verdict, i) => ({
      features: verdict.features,
      relevant: verdict.relevant,
      weight: alpha[i] as number,
    })),
  };
}

function dotRow(row: number[], values: number[]): number {
  let sum = 0;
  for (let i = 0; i < row.length; i += 1) sum += (row[i] as number) * (values[i] as number);
  return sum;
}

/** Gaussian elimination with partial pivoting; the systems here are small and well posed. */
function solve(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const rows = matrix.map((row, i) => [...row, vector[i] as number]);
  for (let column = 0; column < size; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < size; row += 1)
      if (Math.abs(rows[row]?.[column] as number) > Math.abs(rows[pivot]?.[column] as number))
        pivot = row;
    [rows[column], rows[pivot]] = [rows[pivot] as number[], rows[column] as number[]];
    const lead = rows[column] as number[];
    for (let row = column + 1; row < size; row += 1) {
      const current = rows[row] as number[];
      const ratio = (current[column] as number) / (lead[column] as number);
      for (let k = column; k <= size; k += 1)
        current[k] = (current[k] as number) - ratio * (lead[k] as number);
    }
  }
  const solution = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row -= 1) {
    const current = rows[row] as number[];
    let sum = current[size] as number;
    for (let k = row + 1; k < size; k += 1) sum -= (current[k] as number) * (solution[k] as number);
    solution[row] = sum / (current[row] as number);
  }
  return solution;
}

/**
 * What each judged call contributes to a call's logit: its weight times their resemblance.
 * The logit is their sum; the largest contributions explain the move.
 */
export function contributionsTo(
  model: FeedbackModel,
  features: CallFeatures,
): Array<{ features: CallFeatures; relevant: boolean; contribution: number }> {
  return model.judged.map((judged) => ({
    features: judged.features,
    relevant: judged.relevant,
    contribution: judged.weight * resemblance(judged.features, features),
  }));
}
