import { describe, expect, it } from 'vitest';
import { compileArea } from '../../src/matching/area-model.js';
import { extractFeatures, type MatchableCall } from '../../src/matching/call-features.js';
import { eligibilityOf } from '../../src/matching/eligibility.js';
import { scoreCallForArea } from '../../src/matching/score.js';
import type { AreaProfile } from '../../src/tenants/profile.js';
import { madeUpCall } from '../helpers/matchable-call.js';

/**
 * Calls written for one property: an English call that names a subject in everyday words,
 * none of them a vocabulary concept. The recorded portal fixtures name no such subject.
 */
const calls = {
  lighthouses: madeUpCall(
    'TEST-LIGHTHOUSES',
    'Restoring lighthouses along the coast',
    'Old lighthouses become visitor centres run together with the local community.',
  ),
  mushrooms: madeUpCall(
    'TEST-MUSHROOMS',
    'Mushroom picking and forest foraging courses',
    'Guided walks teach residents to recognise edible mushrooms.',
  ),
  beekeepers: madeUpCall(
    'TEST-BEEKEEPERS',
    'Training for urban beekeepers',
    'Courses for beekeepers who keep hives on the roofs of public buildings.',
  ),
  blacksmiths: madeUpCall(
    'TEST-BLACKSMITHS',
    'Keeping traditional crafts alive',
    'Apprenticeships with blacksmiths and other makers of traditional tools.',
  ),
  harbourCranes: madeUpCall(
    'TEST-HARBOUR-CRANES',
    'Replacing harbour cranes',
    'The port authority renews its cranes and quays.',
  ),
};

/** An area of one keyword, named by it too, so every concept it has comes from that word. */
const oneKeyword = (keyword: string): AreaProfile => ({
  key: 'area',
  name: keyword,
  keywords: [keyword],
});

const scoreFor = (call: MatchableCall, area: AreaProfile, language: string) =>
  scoreCallForArea(
    extractFeatures(call),
    compileArea(area, [language, 'en']),
    eligibilityOf(call, 'SE'),
    { now: new Date('2026-06-27T00:00:00Z'), deadlineFeasibility: false },
  );

describe('profile keywords outside the vocabulary, through the bilingual lexicon', () => {
  it.each([
    ['sv', 'svampar', 'mushroom', calls.mushrooms],
    ['nb', 'fyrtårnet', 'lighthouse', calls.lighthouses],
    ['da', 'biavl', 'beekeeper', calls.beekeepers],
    ['fi', 'seppä', 'blacksmith', calls.blacksmiths],
  ])(
    '%s: "%s" finds an English call about its translation, "%s"',
    (language, keyword, english, call) => {
      const area = oneKeyword(keyword);
      // Other vocabulary may name these subjects one day; then this test must pick other words.
      expect([...compileArea(area, [language, 'en']).concepts.keys()]).toEqual([]);

      const match = scoreFor(call, area, language);
      expect(match.score).toBeGreaterThan(0);
      expect(match.explanation.keywords).toContain(`${keyword} → ${english}`);

      expect(scoreFor(calls.harbourCranes, area, language).score).toBe(0);
    },
  );

  it('weighs a translation below the keyword as written', () => {
    const literals = compileArea(oneKeyword('fyrtorn'), ['sv', 'en']).literals;
    const written = literals.find((literal) => literal.keyword === 'fyrtorn');
    const translated = literals.find((literal) => literal.keyword === 'fyrtorn → lighthouse');
    expect(written?.weight).toBe(1);
    expect(translated?.weight).toBeGreaterThan(0);
    expect(translated?.weight).toBeLessThan(written?.weight ?? 0);
  });

  it('adds no translation that is a generic English word', () => {
    // Swedish "göra" is "make", "do", "act", "perform": the generic senses stay out.
    const translations = compileArea(oneKeyword('göra'), ['sv', 'en'])
      .literals.filter((literal) => literal.weight < 1)
      .map((literal) => literal.keyword);
    expect(translations).not.toContain('göra → make');
    expect(translations).toContain('göra → perform');
  });

  it('translates nothing for a keyword the vocabulary knows', () => {
    const literals = compileArea(oneKeyword('äldreomsorg'), ['sv', 'en']).literals;
    expect(literals.map((literal) => literal.keyword)).toEqual(['äldreomsorg']);
  });
});
