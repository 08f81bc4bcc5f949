import type { feedbackVerdicts } from '../db/schema/index.js';
import type { AreaModel } from './area-model.js';
import type { CallFeatures } from './call-features.js';
import { contributionsTo, type FeedbackModel, trainFeedbackModel } from './feedback-model.js';

export type FeedbackVerdict = (typeof feedbackVerdicts)[number];

/** A coordinator's verdicts for one area, with the judged calls' features. */
export interface AreaFeedback {
  relevant: CallFeatures[];
  notRelevant: CallFeatures[];
}

/**
 * An area's stored verdicts (relevant, not relevant; muted only hides a call) as the matcher
 * reads them, with the judged calls' features by call id. The product's re-match and the
 * evaluation's simulated coordinator build feedback here, so both measure the same path.
 * A verdict on a call whose features are missing (the call was deleted) does not count.
 */
export function areaFeedbackOf(
  verdicts: ReadonlyArray<{ callId: string; verdict: FeedbackVerdict }>,
  judged: ReadonlyMap<string, CallFeatures>,
): AreaFeedback {
  const feedback: AreaFeedback = { relevant: [], notRelevant: [] };
  for (const { callId, verdict } of verdicts) {
    const features = judged.get(callId);
    if (!features || verdict === 'muted') continue;
    (verdict === 'relevant' ? feedback.relevant : feedback.notRelevant).push(features);
  }
  return feedback;
}

/** At most a twenty-fold change of odds: a handful of verdicts never make a certainty. */
const MAX_LOGIT = 3;
/**
 * A verdict counts for a call only when it changes the call's odds by 0.2 % or more: below
 * that the call is unlike the judged one (it shares the area's subject, no more).
 */
const MIN_CONTRIBUTION = 0.002;

/** Scores are shown to a tenth of a point. */
const MIN_VISIBLE_MOVE = 0.1;

/** The matcher's own 0–100 score of a judged call for the area, without feedback. */
export type JudgedScore = (judged: CallFeatures) => number;

const models = new WeakMap<AreaFeedback, WeakMap<AreaModel, FeedbackModel>>();

/** The area's re-ranker, fitted once per set of verdicts (feedback-model.ts). */
function modelOf(feedback: AreaFeedback, area: AreaModel, judgedScore: JudgedScore) {
  const byArea = models.get(feedback) ?? new WeakMap<AreaModel, FeedbackModel>();
  models.set(feedback, byArea);
  let model = byArea.get(area);
  if (!model) {
    const verdict = (relevant: boolean) => (features: CallFeatures) => ({
      features,
      relevant,
      score: judgedScore(features),
    });
    model = trainFeedbackModel([
      ...feedback.relevant.map(verdict(true)),
      ...feedback.notRelevant.map(verdict(false)),
    ]);
    byArea.set(area, model);
  }
  return model;
}

/**
 * Verdicts move the calls that resemble a judged call, by the area's re-ranker: a call like
 * one marked relevant rises, a call like one marked not relevant sinks, each as far as the
 * verdict surprised the matcher. `evidence` is the call's evidence over SCORE_SCALE (its
 * score is 100·(1 − e^(−evidence))); the factor multiplies it so that the score's log-odds
 * change by the model's logit. The explanation names the verdict that moved it most, in the
 * direction it moved.
 */
export function feedbackFactor(
  features: CallFeatures,
  feedback: AreaFeedback | undefined,
  area: AreaModel,
  judgedScore: JudgedScore,
  evidence: number,
): { factor: number; likeRelevant: string | null; likeNotRelevant: string | null } {
  const unmoved = { factor: 1, likeRelevant: null, likeNotRelevant: null };
  if (!feedback || feedback.relevant.length + feedback.notRelevant.length === 0) return unmoved;
  let logit = 0;
  let up = { contribution: 0, identifier: null as string | null };
  let down = { contribution: 0, identifier: null as string | null };
  for (const entry of contributionsTo(modelOf(feedback, area, judgedScore), features)) {
    if (Math.abs(entry.contribution) < MIN_CONTRIBUTION) continue;
    logit += entry.contribution;
    const identifier = entry.features.call.identifier;
    if (entry.relevant && entry.contribution > up.contribution)
      up = { contribution: entry.contribution, identifier };
    if (!entry.relevant && entry.contribution < down.contribution)
      down = { contribution: entry.contribution, identifier };
  }
  const factor = oddsFactor(Math.min(MAX_LOGIT, Math.max(-MAX_LOGIT, logit)), evidence);
  // A move a reader cannot see (under a tenth of a point) is no move: nothing is named.
  if (100 * Math.abs(Math.exp(-evidence) - Math.exp(-evidence * factor)) < MIN_VISIBLE_MOVE)
    return unmoved;
  // The explanation says which way the call moved and because of which verdict.
  return {
    factor,
    likeRelevant: logit > 0 ? up.identifier : null,
    likeNotRelevant: logit < 0 ? down.identifier : null,
  };
}

/**
 * The factor on evidence u that changes the odds of p = 1 − e^(−u) by e^logit:
 * p / (1 − p) = e^u − 1, so the new evidence is ln(1 + e^logit · (e^u − 1)).
 */
function oddsFactor(logit: number, evidence: number): number {
  if (logit === 0 || evidence <= 0) return 1;
  return Math.log1p(Math.exp(logit) * Math.expm1(evidence)) / evidence;
}
