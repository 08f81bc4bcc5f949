import type { StoredExplanation } from '../db/schema/index.js';
import type { AreaModel } from './area-model.js';
import type { CallFeatures } from './call-features.js';
import { eligibilityOf } from './eligibility.js';
import { compactConcepts } from './explain.js';
import type { AreaFeedback } from './feedback.js';
import {
  conceptValue,
  explainConcepts,
  feedbackFor,
  finishScore,
  isExcluded,
  literalEvidence,
  programmeLabel,
  SCORE_SCALE,
  type ScoreOptions,
  scoreMultiplier,
} from './score.js';

/** Scores below this are not stored: the threshold a "match" means. */
export const MATCH_THRESHOLD = 30;
/**
 * Evidence (after multipliers) below which a score stays under the threshold, with 1 % to
 * spare for rounding: 100·(1 − e^(−x/SCALE)) ≥ 30 needs x ≥ −SCALE·ln(0.7).
 */
const THRESHOLD_EVIDENCE = -SCORE_SCALE * Math.log(1 - MATCH_THRESHOLD / 100) * 0.99;

/** A full re-match keeps each area's best calls only; a coordinator never reads further. */
export const MAX_MATCHES_PER_AREA = 200;

interface Postings {
  calls: Int32Array;
  values: Float64Array;
}

/**
 * Every open call, indexed for matching many areas at once: per concept, the calls that
 * offer it and how much (conceptValue), so an area only touches the calls its concepts
 * reach instead of every call.
 */
export class CallCorpus {
  readonly features: CallFeatures[];
  private readonly postings = new Map<string, Postings>();
  /** Which calls contain a stem anywhere: the candidates for a keyword or exclusion phrase. */
  private readonly stemIndex = new Map<string, number[]>();
  private readonly eligibility = new Map<string, Uint8Array>();
  private multipliers: { key: string; values: Float64Array } | null = null;

  constructor(features: CallFeatures[], conceptIds: Iterable<string>) {
    this.features = features.filter((feature) => feature.call.status !== 'closed');
    for (const conceptId of conceptIds) {
      const calls: number[] = [];
      const values: number[] = [];
      this.features.forEach((feature, index) => {
        const value = conceptValue(feature, conceptId);
        if (value > 0) {
          calls.push(index);
          values.push(value);
        }
      });
      this.postings.set(conceptId, {
        calls: Int32Array.from(calls),
        values: Float64Array.from(values),
      });
    }
    this.features.forEach((feature, index) => {
      const seen = new Set<string>();
      for (const tokens of Object.values(feature.tokens))
        for (const token of tokens) seen.add(token);
      for (const token of seen) {
        const list = this.stemIndex.get(token) ?? [];
        list.push(index);
        this.stemIndex.set(token, list);
      }
    });
  }

  /** Calls containing every stem of a phrase (a superset of the calls containing the phrase). */
  candidatesFor(stems: readonly string[]): number[] {
    const lists = stems.map((stem) => this.stemIndex.get(stem) ?? []);
    if (lists.some((list) => list.length === 0)) return [];
    const [shortest, ...rest] = [...lists].sort((a, b) => a.length - b.length);
    const others = rest.map((list) => new Set(list));
    return (shortest ?? []).filter((index) => others.every((set) => set.has(index)));
  }

  postingsFor(conceptId: string): Postings | undefined {
    return this.postings.get(conceptId);
  }

  /** Per call, its score multiplier (deadline feasibility included), for these options. */
  multipliersFor(options: ScoreOptions): Float64Array {
    const key = `${options.deadlineFeasibility}:${options.now.getTime()}`;
    if (this.multipliers?.key !== key) {
      this.multipliers = {
        key,
        values: Float64Array.from(this.features, (feature) => scoreMultiplier(feature, options)),
      };
    }
    return this.multipliers.values;
  }

  eligibleFor(country: string): Uint8Array {
    let flags = this.eligibility.get(country);
    if (!flags) {
      flags = Uint8Array.from(this.features, (feature) =>
        eligibilityOf(feature.call, country).eligible ? 1 : 0,
      );
      this.eligibility.set(country, flags);
    }
    return flags;
  }
}

interface BatchMatch {
  callIndex: number;
  score: number;
  explanation: StoredExplanation;
}

/**
 * The matches of one area over the whole corpus: the same scores as scoreCallForArea
 * (same building blocks, same order of operations), computed concept by concept.
 */
export function matchArea(
  corpus: CallCorpus,
  area: AreaModel,
  country: string,
  options: ScoreOptions & { feedback?: AreaFeedback },
  limit = MAX_MATCHES_PER_AREA,
): BatchMatch[] {
  const raw = new Float64Array(corpus.features.length);
  for (const [conceptId, wanted] of area.concepts) {
    const postings = corpus.postingsFor(conceptId);
    if (!postings) continue;
    for (let entry = 0; entry < postings.calls.length; entry += 1) {
      const index = postings.calls[entry] as number;
      raw[index] = (raw[index] as number) + wanted.weight * (postings.values[entry] as number);
    }
  }
  const keywordHits = new Map<number, string[]>();
  for (const literal of area.literals) {
    for (const index of corpus.candidatesFor(literal.stems)) {
      const evidence = literalEvidence(corpus.features[index] as CallFeatures, literal);
      if (evidence === 0) continue;
      raw[index] = (raw[index] as number) + evidence;
      const hits = keywordHits.get(index) ?? [];
      hits.push(literal.keyword);
      keywordHits.set(index, hits);
    }
  }
  const excluded = new Set<number>();
  for (const exclusion of area.exclusions) {
    for (const index of corpus.candidatesFor(exclusion.stems)) {
      if (isExcluded(corpus.features[index] as CallFeatures, area)) excluded.add(index);
    }
  }
  const eligible = corpus.eligibleFor(country);
  const found: BatchMatch[] = [];
  // The call multipliers are the same for every area: computed once per corpus. Without
  // feedback, raw × multiplier decides the score, so calls that cannot reach the threshold
  // are skipped before the explanation work.
  const multipliers = corpus.multipliersFor(options);
  for (let index = 0; index < raw.length; index += 1) {
    if ((raw[index] as number) <= 0 || !eligible[index] || excluded.has(index)) continue;
    const multiplier = multipliers[index] as number;
    if (!options.feedback && (raw[index] as number) * multiplier < THRESHOLD_EVIDENCE) continue;
    const features = corpus.features[index] as CallFeatures;
    const feedback = feedbackFor(features, area, options, (raw[index] as number) * multiplier);
    const score = finishScore(raw[index] as number, multiplier, feedback.factor);
    if (score < MATCH_THRESHOLD) continue;
    found.push({
      callIndex: index,
      score,
      explanation: {
        concepts: [],
        keywords: keywordHits.get(index) ?? [],
        programme: null,
        localAuthorities: features.municipalSignals.length > 0,
        action: features.actionFactor.reason,
        likeRelevant: feedback.likeRelevant,
        likeNotRelevant: feedback.likeNotRelevant,
      },
    });
  }
  found.sort((a, b) => b.score - a.score || a.callIndex - b.callIndex);
  const kept = found.slice(0, limit);
  // Explanations only for what is kept: the strongest concepts and where they were found.
  for (const match of kept) {
    const features = corpus.features[match.callIndex] as CallFeatures;
    match.explanation.programme = programmeLabel(features, area);
    match.explanation.concepts = compactConcepts(explainConcepts(features, area));
  }
  return kept;
}
