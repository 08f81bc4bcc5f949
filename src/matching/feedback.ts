import type { feedbackVerdicts } from '../db/schema/index.js';
import type { CallFeatures } from './call-features.js';

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

/** How far one verdict can move a very similar call: up to +60 % or down to −60 %. */
const FEEDBACK_STRENGTH = 0.6;
/** Calls less alike than this are not moved at all. */
const MIN_SIMILARITY = 0.2;

/**
 * Verdicts move similar calls: a call like one marked relevant rises, a call like one marked
 * not relevant sinks. "Like" is what the matcher sees: the same concepts in the same
 * proportions, the same tags and keywords, the same call.
 */
export function feedbackFactor(
  features: CallFeatures,
  feedback: AreaFeedback | undefined,
): { factor: number; likeRelevant: string | null; likeNotRelevant: string | null } {
  if (!feedback) return { factor: 1, likeRelevant: null, likeNotRelevant: null };
  const closest = (judged: CallFeatures[]) => {
    let best = { similarity: 0, identifier: null as string | null };
    for (const other of judged) {
      if (other.call.id === features.call.id)
        return { similarity: 1, identifier: other.call.identifier };
      const similarity = callSimilarity(features, other);
      if (similarity > best.similarity) best = { similarity, identifier: other.call.identifier };
    }
    return best.similarity >= MIN_SIMILARITY ? best : { similarity: 0, identifier: null };
  };
  const up = closest(feedback.relevant);
  const down = closest(feedback.notRelevant);
  const factor = 1 + FEEDBACK_STRENGTH * up.similarity - FEEDBACK_STRENGTH * down.similarity;
  return {
    factor: Math.max(0.2, factor),
    likeRelevant: up.identifier,
    likeNotRelevant: down.identifier,
  };
}

/** 0–1: cosine of concept evidence (60 %), overlap of tags and keywords (30 %), same call (10 %). */
function callSimilarity(a: CallFeatures, b: CallFeatures): number {
  const left = similarityVector(a);
  const right = similarityVector(b);
  let dot = 0;
  for (const [conceptId, evidence] of a.concepts)
    dot += evidence.evidence * (b.concepts.get(conceptId)?.evidence ?? 0);
  const cosine = left.norm && right.norm ? dot / Math.sqrt(left.norm * right.norm) : 0;
  const shared = [...left.subject].filter((token) => right.subject.has(token)).length;
  const union = left.subject.size + right.subject.size - shared;
  const overlap = union ? shared / union : 0;
  const sameCall = a.call.callTitle !== null && a.call.callTitle === b.call.callTitle ? 1 : 0;
  return 0.6 * cosine + 0.3 * overlap + 0.1 * sameCall;
}

/**
 * What similarity needs of a call beyond its features, made once per call: with feedback,
 * every candidate call is compared with every judged call of the area.
 */
interface SimilarityVector {
  /** Squared length of the concept-evidence vector. */
  norm: number;
  subject: Set<string>;
}

const vectors = new WeakMap<CallFeatures, SimilarityVector>();

function similarityVector(features: CallFeatures): SimilarityVector {
  let vector = vectors.get(features);
  if (!vector) {
    let norm = 0;
    for (const evidence of features.concepts.values()) norm += evidence.evidence ** 2;
    vector = { norm, subject: new Set(features.tokens.subject) };
    vectors.set(features, vector);
  }
  return vector;
}
