/**
 * npm run eval:matcher [-- --labels FILE] [--profile FILE] [--corpus FILE] [--folds K]
 *   [--threshold SCORE] [--feedback N] [--json]
 *
 * The protocol of ../shared/eval/README.md: every corpus record through the real F&T parser,
 * every call scored for every area of the profile (deadline feasibility off, eligibility on),
 * ranked by score (ties by identifier), condensed to the labelled calls, then nDCG@10,
 * nDCG@20, precision@10 and recall@50 per area, beside a plain BM25 baseline. With
 * `--folds K` the labelled calls are also split into K folds (folds.ts) and every metric is
 * computed on each fold alone: the mean and spread over folds, the protocol that tells a
 * change that generalises from one that fits the labels, beside the best figure the fold's
 * labels allow. Per area it also prints what a department sees: precision and grade-2 recall
 * of the calls at or above the stored match threshold (threshold.ts). With `--feedback N` a simulated
 * coordinator judges each area's top N and the unjudged calls are measured before and after
 * (feedback-simulation.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { normaliseRecord } from '../../scrapers/ft-portal/normalise.js';
import { parseRecord } from '../../scrapers/ft-portal/parse.js';
import type { SediaResult } from '../../scrapers/ft-portal/raw.js';
import { compileArea } from '../../src/matching/area-model.js';
import { MATCH_THRESHOLD } from '../../src/matching/batch.js';
import { extractFeatures, type MatchableCall } from '../../src/matching/call-features.js';
import { eligibilityOf } from '../../src/matching/eligibility.js';
import { scoreCallForArea } from '../../src/matching/score.js';
import { parseProfile } from '../../src/tenants/profile.js';
import { sharedDir } from '../helpers/shared.js';
import { Bm25Index } from './bm25.js';
import { feedbackJson, printFeedbackTable, simulateFeedback } from './feedback-simulation.js';
import { assignFolds, foldSizes, spreadOf } from './folds.js';
import { evaluateRanking, type Judgement, type Metrics } from './metrics.js';
import { type ThresholdFigures, thresholdFigures } from './threshold.js';

const { values } = parseArgs({
  options: {
    labels: { type: 'string', default: path.join(sharedDir, 'eval', 'labels-dev.json') },
    profile: { type: 'string', default: path.join(sharedDir, 'eval', 'lidingo-profile.json') },
    corpus: { type: 'string', default: path.join(sharedDir, 'eval', 'corpus.json.gz') },
    folds: { type: 'string' },
    threshold: { type: 'string' },
    feedback: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const foldCount = values.folds === undefined ? 0 : Number(values.folds);
if (values.folds !== undefined && !(Number.isInteger(foldCount) && foldCount >= 2)) {
  throw new Error(`--folds takes a whole number of at least 2, not "${values.folds}"`);
}

/** The score a call needs to be shown: the stored match threshold unless asked otherwise. */
const shownFrom = values.threshold === undefined ? MATCH_THRESHOLD : Number(values.threshold);
if (!(shownFrom >= 0 && shownFrom <= 100)) {
  throw new Error(`--threshold takes a score from 0 to 100, not "${values.threshold}"`);
}
const feedbackTop = values.feedback === undefined ? 0 : Number(values.feedback);
if (values.feedback !== undefined && !(Number.isInteger(feedbackTop) && feedbackTop >= 1)) {
  throw new Error(`--feedback takes a whole number of at least 1, not "${values.feedback}"`);
}

const readJson = (file: string) => {
  const buffer = readFileSync(file);
  return JSON.parse((file.endsWith('.gz') ? gunzipSync(buffer) : buffer).toString('utf8'));
};
const corpus = readJson(values.corpus as string) as Array<{
  identifier: string;
  record: SediaResult;
}>;
const labels = readJson(values.labels as string) as Array<
  Record<string, unknown> & { id: string; eligible: boolean }
>;
const profile = parseProfile(readJson(values.profile as string));

const calls: MatchableCall[] = corpus.map(({ record }) => {
  const call = normaliseRecord(parseRecord(record));
  return { ...call, id: call.identifier, status: 'open', nextDeadlineAt: null };
});
const features = calls.map(extractFeatures);
const bm25 = new Bm25Index(
  calls.map((call) => ({ id: call.id, text: `${call.title}\n${call.descriptionText}` })),
);
const labelById = new Map(labels.map((label) => [label.id, label]));
const now = new Date();

/** The labelled calls in the order the scores rank them (ties by identifier), or one fold's. */
function condensed(
  scores: Map<string, number>,
  areaKey: string,
  only: (id: string) => boolean = () => true,
): Judgement[] {
  return [...scores]
    .sort(([idA, a], [idB, b]) => b - a || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .filter(([id]) => labelById.has(id) && only(id))
    .map(([id]) => {
      const label = labelById.get(id) as (typeof labels)[number];
      return { grade: Number(label[areaKey] ?? 0), eligible: label.eligible };
    });
}

const foldOf =
  foldCount > 0
    ? assignFolds(
        labels.map((label) => label.id),
        foldCount,
      )
    : null;
/** Per area, each fold's metrics: the ranking condensed to that fold's labelled calls. */
const perFold = (scores: Map<string, number>, areaKey: string): Metrics[] =>
  foldOf
    ? Array.from({ length: foldCount }, (_, fold) =>
        evaluateRanking(condensed(scores, areaKey, (id) => foldOf.get(id) === fold)),
      )
    : [];

const matcher: Record<string, Metrics> = {};
const baseline: Record<string, Metrics> = {};
const matcherFolds: Record<string, Metrics[]> = {};
const baselineFolds: Record<string, Metrics[]> = {};
const atThreshold: Record<string, ThresholdFigures> = {};
/**
 * The labels' own ordering, per fold: the best any ranking could score there. A fold with
 * four relevant calls caps precision@10 at 0.4, whatever the matcher does.
 */
const idealFolds: Record<string, Metrics[]> = {};
for (const area of profile.areas) {
  const model = compileArea(area, profile.tenant.languages);
  const scores = new Map<string, number>();
  for (const feature of features) {
    const eligibility = eligibilityOf(feature.call, profile.tenant.country);
    const match = scoreCallForArea(feature, model, eligibility, {
      now,
      deadlineFeasibility: false,
    });
    // An excluded call ranks last, below every call that merely scored zero.
    scores.set(feature.call.id, match.eligible ? match.score : -1);
  }
  const bm25Scores = bm25.scores([area.name, ...area.keywords].join(' '));
  matcher[area.key] = evaluateRanking(condensed(scores, area.key));
  baseline[area.key] = evaluateRanking(condensed(bm25Scores, area.key));
  matcherFolds[area.key] = perFold(scores, area.key);
  const gradeOf = new Map(
    labels.map((label) => [
      label.id,
      { grade: Number(label[area.key] ?? 0), eligible: label.eligible },
    ]),
  );
  atThreshold[area.key] = thresholdFigures(scores, gradeOf, shownFrom);
  baselineFolds[area.key] = perFold(bm25Scores, area.key);
  idealFolds[area.key] = perFold(
    new Map(
      labels.map((label) => [label.id, label.eligible ? 2 ** Number(label[area.key] ?? 0) - 1 : 0]),
    ),
    area.key,
  );
}

const round = (value: number) => Number(value.toFixed(3));
const metricNames: Array<keyof Metrics> = ['ndcg10', 'ndcg20', 'p10', 'r50'];
console.log(
  `matcher evaluation: ${calls.length} calls, ${labels.length} labelled, profile ${profile.tenant.name}`,
);
const table: Record<string, Record<string, string>> = {};
for (const area of profile.areas) {
  for (const metric of metricNames) {
    const ours = matcher[area.key]?.[metric] ?? 0;
    const theirs = baseline[area.key]?.[metric] ?? 0;
    table[`${area.key} ${metric}`] = {
      matcher: ours.toFixed(3),
      'BM25 baseline': theirs.toFixed(3),
      'matcher wins': ours > theirs ? 'yes' : 'NO',
    };
  }
}
console.table(table);
if (foldOf) {
  console.log(
    `\n${foldCount} folds of the labelled calls (${[...foldSizes(foldOf, foldCount)].join(' / ')} calls): each metric on each fold alone`,
  );
  const foldTable: Record<string, Record<string, string>> = {};
  for (const area of profile.areas) {
    for (const metric of metricNames) {
      const ours = spreadOf((matcherFolds[area.key] ?? []).map((fold) => fold[metric]));
      const theirs = spreadOf((baselineFolds[area.key] ?? []).map((fold) => fold[metric]));
      foldTable[`${area.key} ${metric}`] = {
        'full set': (matcher[area.key]?.[metric] ?? 0).toFixed(3),
        'fold mean': ours.mean.toFixed(3),
        'fold sd': ours.sd.toFixed(3),
        'fold min–max': `${ours.min.toFixed(3)}–${ours.max.toFixed(3)}`,
        'BM25 fold mean': theirs.mean.toFixed(3),
        'best possible fold mean': spreadOf(
          (idealFolds[area.key] ?? []).map((fold) => fold[metric]),
        ).mean.toFixed(3),
      };
    }
  }
  console.table(foldTable);
}
console.log(
  `\nAt ${shownFrom === MATCH_THRESHOLD ? 'the stored match threshold' : 'the threshold asked for'} (score ≥ ${shownFrom}): precision = relevant share of the labelled calls shown; grade-2 recall = share of the eligible grade-2 calls shown (goals ≥ 0.7 and ≥ 0.95)`,
);
console.table(
  Object.fromEntries(
    profile.areas.map((area) => {
      const figures = atThreshold[area.key] as ThresholdFigures;
      return [
        area.key,
        {
          precision: figures.precision.toFixed(3),
          'grade-2 recall':
            figures.recallGrade2 === null
              ? 'n/a (no grade-2 label)'
              : figures.recallGrade2.toFixed(3),
          'grade-2 labelled': figures.grade2,
          'labelled shown': figures.shown,
          'all calls shown': figures.shownAll,
        },
      ];
    }),
  ),
);
const feedback =
  feedbackTop > 0
    ? simulateFeedback({
        features,
        profile,
        labelById,
        top: feedbackTop,
        now,
        evaluate: (scores, areaKey, only) => evaluateRanking(condensed(scores, areaKey, only)),
      })
    : null;
if (feedback) printFeedbackTable(feedback, feedbackTop);
if (values.json) {
  const rounded = (set: Record<string, Metrics>) =>
    Object.fromEntries(
      Object.entries(set).map(([key, metrics]) => [
        key,
        Object.fromEntries(metricNames.map((name) => [name, round(metrics[name])])),
      ]),
    );
  const foldFigures = (set: Record<string, Metrics[]>) =>
    Object.fromEntries(
      Object.entries(set).map(([key, folds]) => [
        key,
        Object.fromEntries(
          metricNames.map((name) => {
            const spread = spreadOf(folds.map((fold) => fold[name]));
            return [
              name,
              {
                mean: round(spread.mean),
                sd: round(spread.sd),
                min: round(spread.min),
                max: round(spread.max),
                perFold: folds.map((fold) => round(fold[name])),
              },
            ];
          }),
        ),
      ]),
    );
  console.log(
    JSON.stringify({
      matcher: rounded(matcher),
      baseline: rounded(baseline),
      threshold: Object.fromEntries(
        Object.entries(atThreshold).map(([key, figures]) => [
          key,
          {
            precision: round(figures.precision),
            recallGrade2: figures.recallGrade2 === null ? null : round(figures.recallGrade2),
            shown: figures.shown,
            shownAll: figures.shownAll,
          },
        ]),
      ),
      ...(foldOf && {
        folds: {
          k: foldCount,
          matcher: foldFigures(matcherFolds),
          baseline: foldFigures(baselineFolds),
          ideal: foldFigures(idealFolds),
        },
      }),
      ...(feedback && { feedback: feedbackJson(feedback) }),
    }),
  );
}
