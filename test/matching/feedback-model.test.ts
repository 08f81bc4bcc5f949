import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseRecord } from '../../scrapers/ft-portal/normalise.js';
import { parseRecord } from '../../scrapers/ft-portal/parse.js';
import { parseSearchPage } from '../../scrapers/ft-portal/raw.js';
import { deriveStatus } from '../../src/ingest/status.js';
import { compileArea } from '../../src/matching/area-model.js';
import { type CallFeatures, extractFeatures } from '../../src/matching/call-features.js';
import { areaFeedbackOf, feedbackFactor } from '../../src/matching/feedback.js';
import {
  contributionsTo,
  priorLogit,
  resemblance,
  trainFeedbackModel,
} from '../../src/matching/feedback-model.js';
import { fixturePath } from '../helpers/shared.js';

const selection = parseSearchPage(
  readFileSync(
    fixturePath(
      'ft-portal',
      'search',
      'search_open-forthcoming_2026-06-27_municipal-selection.json',
    ),
    'utf8',
  ),
).results;
const now = new Date('2026-06-27T00:00:00+02:00');

function call(identifier: string): CallFeatures {
  const record = selection.find((result) => result.metadata?.identifier?.[0] === identifier);
  if (!record) throw new Error(`${identifier} is not in the fixture`);
  const dated = normaliseRecord(parseRecord(record));
  const { status, nextDeadlineAt } = deriveStatus(dated, now);
  return extractFeatures({ ...dated, id: identifier, status, nextDeadlineAt });
}

const cities = call('HORIZON-MISS-2026-04-CIT-01');
const citiesNextYear = call('HORIZON-MISS-2027-04-CIT-05');
const vocational = call('ERASMUS-EDU-2026-PEX-COVE');
const urban = compileArea(
  { key: 'urban', name: 'Hållbar stadsutveckling', keywords: ['stadsplanering'] },
  ['sv'],
);

describe('the feedback re-ranker', () => {
  it('finds a call most like itself, a near copy more alike than another subject', () => {
    expect(resemblance(cities, cities)).toBeCloseTo(1, 10);
    expect(resemblance(cities, citiesNextYear)).toBeGreaterThan(resemblance(cities, vocational));
    expect(resemblance(cities, citiesNextYear)).toBe(resemblance(citiesNextYear, cities));
  });

  it('weighs a verdict by how far it surprised the matcher, each its own way', () => {
    const weightOf = (relevant: boolean, score: number) =>
      trainFeedbackModel([{ features: cities, relevant, score }]).judged[0]?.weight as number;
    expect(weightOf(true, 90)).toBeGreaterThan(0);
    expect(weightOf(false, 90)).toBeLessThan(0);
    // Confirming a call scored 90 teaches less than rejecting it, or than confirming a 35.
    expect(weightOf(true, 90)).toBeLessThan(-weightOf(false, 90));
    expect(weightOf(true, 90)).toBeLessThan(weightOf(true, 35));
    expect(priorLogit(0)).toBe(priorLogit(10));
  });

  it('fits the same model from the same verdicts, in the same order of calls', () => {
    const verdicts = [
      { features: cities, relevant: true, score: 80 },
      { features: citiesNextYear, relevant: false, score: 70 },
      { features: vocational, relevant: true, score: 40 },
    ];
    const weights = (model: ReturnType<typeof trainFeedbackModel>) =>
      model.judged.map((judged) => judged.weight);
    expect(weights(trainFeedbackModel(verdicts))).toEqual(weights(trainFeedbackModel(verdicts)));
    const contributions = contributionsTo(trainFeedbackModel(verdicts), cities);
    expect(contributions.map((entry) => Math.sign(entry.contribution))).toEqual([1, -1, 1]);
  });

  it('moves a near copy of a judged call most, names the verdict, and leaves others be', () => {
    const feedback = areaFeedbackOf(
      [
        { callId: cities.call.id, verdict: 'not_relevant' },
        { callId: vocational.call.id, verdict: 'muted' },
      ],
      new Map([cities, vocational].map((features) => [features.call.id, features])),
    );
    expect(feedback).toEqual({ relevant: [], notRelevant: [cities] });
    const judgedScore = () => 85;
    const copy = feedbackFactor(citiesNextYear, feedback, urban, judgedScore, 2);
    expect(copy.factor).toBeLessThan(1);
    expect(copy).toMatchObject({ likeRelevant: null, likeNotRelevant: cities.call.identifier });
    // A call on another subject moves less; after a confirmation (a small surprise), not at all.
    expect(feedbackFactor(vocational, feedback, urban, judgedScore, 2).factor).toBeGreaterThan(
      copy.factor,
    );
    const confirmed = { relevant: [cities], notRelevant: [] };
    expect(feedbackFactor(vocational, confirmed, urban, judgedScore, 2)).toEqual({
      factor: 1,
      likeRelevant: null,
      likeNotRelevant: null,
    });
    expect(feedbackFactor(citiesNextYear, confirmed, urban, judgedScore, 2)).toMatchObject({
      likeRelevant: cities.call.identifier,
      likeNotRelevant: null,
    });
    expect(feedbackFactor(citiesNextYear, undefined, urban, judgedScore, 2).factor).toBe(1);
  });
});
