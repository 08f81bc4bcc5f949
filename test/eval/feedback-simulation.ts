/**
 * A simulated coordinator for `eval:matcher --feedback N`: per area, the matcher's top N
 * calls (of all calls, as ranked) get a verdict from the labels file, the verdicts go
 * through the product's own feedback path (areaFeedbackOf, then the scorer with that
 * feedback), and every metric is computed on the labelled calls that were NOT judged,
 * before and after. The labels play the coordinator here and nothing else: no parameter of
 * the feedback model is read from them.
 */
import { type AreaModel, compileArea } from '../../src/matching/area-model.js';
import type { CallFeatures } from '../../src/matching/call-features.js';
import { eligibilityOf } from '../../src/matching/eligibility.js';
import {
  type AreaFeedback,
  areaFeedbackOf,
  type FeedbackVerdict,
} from '../../src/matching/feedback.js';
import { scoreCallForArea } from '../../src/matching/score.js';
import type { Profile } from '../../src/tenants/profile.js';
import type { Metrics } from './metrics.js';

export interface FeedbackOutcome {
  before: Metrics;
  after: Metrics;
  /** Verdicts given: the labelled calls among the top N. */
  judged: number;
  /** Calls of the top N without a label: no verdict, and not measured either. */
  skipped: number;
}

type Label = Record<string, unknown> & { eligible: boolean };

export interface FeedbackSimulation {
  features: CallFeatures[];
  profile: Profile;
  labelById: ReadonlyMap<string, Label>;
  /** How many of the top calls the coordinator reads. */
  top: number;
  now: Date;
  /** The evaluation's own metrics over a score map, restricted to the calls `only` keeps. */
  evaluate: (
    scores: Map<string, number>,
    areaKey: string,
    only: (id: string) => boolean,
  ) => Metrics;
}

/** Scores as the evaluation ranks them: an excluded or ineligible call last, below zero. */
function scoresOf(
  input: FeedbackSimulation,
  model: AreaModel,
  feedback?: AreaFeedback,
): Map<string, number> {
  const scores = new Map<string, number>();
  for (const features of input.features) {
    const eligibility = eligibilityOf(features.call, input.profile.tenant.country);
    const match = scoreCallForArea(features, model, eligibility, {
      now: input.now,
      deadlineFeasibility: false,
      feedback,
    });
    scores.set(features.call.id, match.eligible ? match.score : -1);
  }
  return scores;
}

function topOf(scores: Map<string, number>, count: number): string[] {
  return [...scores]
    .sort(([idA, a], [idB, b]) => b - a || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .slice(0, count)
    .map(([id]) => id);
}

/**
 * The coordinator's verdict on a labelled call: relevant when it has a gain for the area
 * (grade ≥ 1 and eligible), not relevant otherwise.
 */
function verdictOf(label: Label, areaKey: string): FeedbackVerdict {
  return Number(label[areaKey] ?? 0) >= 1 && label.eligible ? 'relevant' : 'not_relevant';
}

export function simulateFeedback(input: FeedbackSimulation): Record<string, FeedbackOutcome> {
  const featuresById = new Map(input.features.map((features) => [features.call.id, features]));
  const outcomes: Record<string, FeedbackOutcome> = {};
  for (const area of input.profile.areas) {
    const model = compileArea(area, input.profile.tenant.languages);
    const before = scoresOf(input, model);
    const top = topOf(before, input.top);
    const verdicts = top.flatMap((callId) => {
      const label = input.labelById.get(callId);
      return label ? [{ callId, verdict: verdictOf(label, area.key) }] : [];
    });
    const judged = new Set(verdicts.map((entry) => entry.callId));
    const after = scoresOf(input, model, areaFeedbackOf(verdicts, featuresById));
    const unjudged = (id: string) => !judged.has(id);
    outcomes[area.key] = {
      before: input.evaluate(before, area.key, unjudged),
      after: input.evaluate(after, area.key, unjudged),
      judged: judged.size,
      skipped: top.length - judged.size,
    };
  }
  return outcomes;
}

const metricNames: Array<keyof Metrics> = ['ndcg10', 'ndcg20', 'p10', 'r50'];

/** One row per area and metric: before, after, and the change. */
export function printFeedbackTable(outcomes: Record<string, FeedbackOutcome>, top: number) {
  console.log(
    `\nfeedback: a simulated coordinator judges each area's top ${top}; metrics on the labelled calls not judged`,
  );
  const table: Record<string, Record<string, string>> = {};
  for (const [areaKey, outcome] of Object.entries(outcomes)) {
    for (const metric of metricNames) {
      const change = outcome.after[metric] - outcome.before[metric];
      table[`${areaKey} ${metric}`] = {
        'no feedback': outcome.before[metric].toFixed(3),
        feedback: outcome.after[metric].toFixed(3),
        change: `${change >= 0 ? '+' : ''}${change.toFixed(3)}`,
        judged: String(outcome.judged),
      };
    }
  }
  console.table(table);
  for (const [areaKey, outcome] of Object.entries(outcomes)) {
    if (outcome.skipped > 0)
      console.log(
        `${areaKey}: ${outcome.skipped} of the top ${top} have no label and were skipped`,
      );
  }
}

/** The `feedback` object of the JSON line: per area, before and after, rounded. */
export function feedbackJson(outcomes: Record<string, FeedbackOutcome>) {
  const rounded = (metrics: Metrics) =>
    Object.fromEntries(metricNames.map((name) => [name, Number(metrics[name].toFixed(3))]));
  return Object.fromEntries(
    Object.entries(outcomes).map(([areaKey, outcome]) => [
      areaKey,
      {
        before: rounded(outcome.before),
        after: rounded(outcome.after),
        judged: outcome.judged,
        skipped: outcome.skipped,
      },
    ]),
  );
}
