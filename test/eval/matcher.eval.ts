/**
 * npm run eval:matcher [-- --labels FILE] [--profile FILE] [--corpus FILE] [--json]
 *
 * The protocol of ../shared/eval/README.md: every corpus record through the real F&T parser,
 * every call scored for every area of the profile (deadline feasibility off, eligibility on),
 * ranked by score (ties by identifier), condensed to the labelled calls, then nDCG@10,
 * nDCG@20, precision@10 and recall@50 per area, beside a plain BM25 baseline.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { normaliseRecord } from '../../scrapers/ft-portal/normalise.js';
import { parseRecord } from '../../scrapers/ft-portal/parse.js';
import type { SediaResult } from '../../scrapers/ft-portal/raw.js';
import { compileArea } from '../../src/matching/area-model.js';
import { extractFeatures, type MatchableCall } from '../../src/matching/call-features.js';
import { eligibilityOf } from '../../src/matching/eligibility.js';
import { scoreCallForArea } from '../../src/matching/score.js';
import { parseProfile } from '../../src/tenants/profile.js';
import { sharedDir } from '../helpers/shared.js';
import { Bm25Index } from './bm25.js';
import { evaluateRanking, type Judgement, type Metrics } from './metrics.js';

const { values } = parseArgs({
  options: {
    labels: { type: 'string', default: path.join(sharedDir, 'eval', 'labels-dev.json') },
    profile: { type: 'string', default: path.join(sharedDir, 'eval', 'lidingo-profile.json') },
    corpus: { type: 'string', default: path.join(sharedDir, 'eval', 'corpus.json.gz') },
    json: { type: 'boolean', default: false },
  },
});

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

function condensed(scores: Map<string, number>, areaKey: string): Judgement[] {
  return [...scores]
    .sort(([idA, a], [idB, b]) => b - a || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .filter(([id]) => labelById.has(id))
    .map(([id]) => {
      const label = labelById.get(id) as (typeof labels)[number];
      return { grade: Number(label[areaKey] ?? 0), eligible: label.eligible };
    });
}

const matcher: Record<string, Metrics> = {};
const baseline: Record<string, Metrics> = {};
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
  matcher[area.key] = evaluateRanking(condensed(scores, area.key));
  baseline[area.key] = evaluateRanking(
    condensed(bm25.scores([area.name, ...area.keywords].join(' ')), area.key),
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
if (values.json) {
  const rounded = (set: Record<string, Metrics>) =>
    Object.fromEntries(
      Object.entries(set).map(([key, metrics]) => [
        key,
        Object.fromEntries(metricNames.map((name) => [name, round(metrics[name])])),
      ]),
    );
  console.log(JSON.stringify({ matcher: rounded(matcher), baseline: rounded(baseline) }));
}
