import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionCategoryOf, programmeStrandsOf } from '../../scrapers/ft-portal/identifiers.js';
import { normaliseRecord } from '../../scrapers/ft-portal/normalise.js';
import { parseRecord } from '../../scrapers/ft-portal/parse.js';
import { parseSearchPage } from '../../scrapers/ft-portal/raw.js';
import { deriveStatus } from '../../src/ingest/status.js';
import { compileArea } from '../../src/matching/area-model.js';
import {
  type CallFeatures,
  extractFeatures,
  type MatchableCall,
} from '../../src/matching/call-features.js';
import { eligibilityOf } from '../../src/matching/eligibility.js';
import { explanationLine, storedExplanation } from '../../src/matching/explain.js';
import { scoreCallForArea } from '../../src/matching/score.js';
import { stems } from '../../src/matching/text.js';
import { concepts } from '../../src/matching/vocabulary/index.js';
import { type AreaProfile, ProfileError, parseProfile } from '../../src/tenants/profile.js';
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

/** A fixture call as ingestion would store it as of `now`: status derived by the product. */
function call(
  identifier: string,
  dates: Partial<Pick<MatchableCall, 'openingAt' | 'deadlines'>> = {},
): CallFeatures {
  const record = selection.find((result) => result.metadata?.identifier?.[0] === identifier);
  if (!record) throw new Error(`${identifier} is not in the fixture`);
  const dated = { ...normaliseRecord(parseRecord(record)), ...dates };
  const { status, nextDeadlineAt } = deriveStatus(dated, now);
  return extractFeatures({ ...dated, id: identifier, status, nextDeadlineAt });
}

/**
 * A call made up for one property; only the fields the test names matter. What the portal's
 * identifier says reaches matching as normalised fields, read by the portal's scraper.
 */
const titled = (identifier: string, title: string) =>
  extractFeatures({
    id: identifier,
    identifier,
    title,
    callTitle: null,
    programmeCode: 'HORIZON',
    programmeName: null,
    language: 'en',
    programmeStrands: programmeStrandsOf(identifier),
    actionCategory: actionCategoryOf(identifier, 'HORIZON Coordination and Support Actions'),
    eligibleCountries: [],
    applicantTypes: [],
    tags: [],
    keywords: [],
    descriptionText: 'Proposals should build a European network and share practice.',
    status: 'open',
    nextDeadlineAt: new Date('2026-12-01'),
    openingAt: null,
    deadlines: [{ deadlineAt: new Date('2026-12-01') }],
  });

const swedishHealth: AreaProfile = {
  key: 'health',
  name: 'Hälsa',
  description: 'Ett gott och tryggt liv för äldre.',
  keywords: ['äldreomsorg', 'folkhälsa'],
};
const swedishUrban: AreaProfile = {
  key: 'urban',
  name: 'Hållbar stadsutveckling',
  keywords: ['energieffektivisering', 'stadsplanering'],
};
const score = (
  features: CallFeatures,
  area: AreaProfile,
  country = 'SE',
  languages = ['sv'],
  options = {},
) =>
  scoreCallForArea(features, compileArea(area, languages), eligibilityOf(features.call, country), {
    now,
    deadlineFeasibility: true,
    ...options,
  });

describe('matching calls to municipal profiles', () => {
  it('matches a Swedish profile to an English call through the vocabulary', () => {
    const olderPatients = score(call('HORIZON-MISS-2026-02-CANCER-07'), swedishHealth);
    const elderly = olderPatients.explanation.concepts.find(
      (concept) => concept.conceptId === 'elderly-care',
    );
    expect(elderly?.via).toEqual(expect.arrayContaining(['äldreomsorg']));
    // The call never says "elderly care": it speaks of frailty and dementia in older patients.
    expect(Object.values(elderly?.found ?? {}).flat()).toEqual(
      expect.arrayContaining(['frailty', 'dementia']),
    );
    expect(olderPatients.score).toBeGreaterThan(20);
  });

  it('ranks a heating-plan call above an AI-screening call for an urban energy profile', () => {
    const heating = score(call('LIFE-2026-CET-HEATCOOLPLAN'), swedishUrban);
    const screening = score(call('DIGITAL-2026-AI-PILOTING-10-SCREENING'), swedishUrban);
    expect(heating.score).toBeGreaterThan(40);
    expect(heating.score).toBeGreaterThan(screening.score * 3);
    expect(heating.explanation.concepts.map((concept) => concept.conceptId)).toContain(
      'energy-renovation',
    );
  });

  it('understands Swedish and Norwegian compounds it has no entry for', () => {
    const swedish = compileArea({ key: 'youth', name: 'Unga', keywords: ['ungdomsutbyte'] }, [
      'sv',
    ]);
    expect([...swedish.concepts.keys()]).toEqual(expect.arrayContaining(['youth', 'exchanges']));
    const norwegian = compileArea(
      { key: 'care', name: 'Omsorg', keywords: ['eldreomsorgstjenester'] },
      ['nb'],
    );
    expect([...norwegian.concepts.keys()]).toEqual(
      expect.arrayContaining(['elderly-care', 'care-services']),
    );
  });

  it('does not read Swedish prose as English (false friends)', () => {
    const area = compileArea(
      {
        key: 'networks',
        name: 'Nätverk',
        description: 'Unga möter Europa genom utbyten. Vi vårdar våra vänorter.',
        keywords: ['vänorter'],
      },
      ['sv', 'en'],
    );
    expect([...area.concepts.keys()]).toEqual(expect.arrayContaining(['twin-towns', 'exchanges']));
    expect([...area.concepts.keys()]).not.toContain('biomedical-research');
    expect([...area.concepts.keys()]).not.toContain('care-services');
  });

  it('never matches a Norwegian tenant to a call open only to EU member states', () => {
    const interregionalInvestment = call('I3-2026-INV1');
    const norway = score(interregionalInvestment, swedishUrban, 'NO', ['nb']);
    expect(norway).toMatchObject({
      score: 0,
      eligible: false,
      explanation: { ineligible: 'NO does not take part in I3' },
    });
    expect(score(interregionalInvestment, swedishUrban, 'SE').eligible).toBe(true);
    // Norway does take part in Horizon Europe.
    expect(
      score(call('HORIZON-MISS-2026-04-CIT-02'), swedishUrban, 'NO', ['nb']).score,
    ).toBeGreaterThan(0);
  });

  it('excludes calls restricted to another country', () => {
    expect(score(call('EuropeAid/186571/DD/ACT/ZA'), swedishHealth).explanation.ineligible).toBe(
      'restricted to applicants in ZA',
    );
  });

  it('excludes operating grants, which fund named non-profit organisations', () => {
    const operating = score(
      call('EU4H-2024-OG', { deadlines: [{ deadlineAt: new Date('2026-12-01') }] }),
      swedishHealth,
    );
    expect(operating).toMatchObject({ score: 0, eligible: false });
    expect(operating.explanation.ineligible).toBe(
      'operating grants for non-profit organisations only',
    );
  });

  const twinning: AreaProfile = {
    key: 'twin',
    name: 'Vänorter',
    keywords: ['vänortssamarbete', 'nätverk'],
  };

  it('never matches a closed call, however well it fits', () => {
    const stale = call('CERV-2024-CITIZENS-TOWN-NT');
    // Every deadline of the record is before `now`: the product derives it closed.
    expect(stale.call.deadlines.length).toBeGreaterThan(0);
    expect(stale.call.deadlines.every(({ deadlineAt }) => deadlineAt < now)).toBe(true);
    expect(stale.call.status).toBe('closed');
    expect(score(stale, twinning).score).toBe(0);
    expect(score(call('CERV-2026-CITIZENS-TOWN-TT'), twinning).score).toBeGreaterThan(40);
  });

  it('judges a call closed as of its own now, whatever status was stored, and says so', () => {
    // Stored as of `now` (open); scored after its last deadline, before any poll or sweep.
    const stored = call('CERV-2026-CITIZENS-TOWN-TT');
    expect(stored.call.status).toBe('open');
    const last = Math.max(...stored.call.deadlines.map(({ deadlineAt }) => deadlineAt.getTime()));
    const later = new Date(last + 3 * 86_400_000);
    const match = score(stored, twinning, 'SE', ['sv'], { now: later });
    expect(match.score).toBe(0);
    expect(match.explanation.closed).toBe(true);
    expect(match.explanation.daysLeft).toBe(-3);
    expect(explanationLine(storedExplanation(match), match.explanation.daysLeft, 'en')).toContain(
      'deadline passed 3 days ago',
    );
  });

  it('counts the days left to the second stage once the first has passed', () => {
    const twoStage = call('LIFE-2026-STRAT-CLIMA-SIP-two-stage');
    const [first, second] = twoStage.call.deadlines.map(({ deadlineAt }) => deadlineAt.getTime());
    expect(second).toBeGreaterThan(first as number);
    expect(twoStage.call.nextDeadlineAt?.getTime()).toBe(first);
    // A week after stage 1, the stored next deadline is still stage 1's.
    const between = new Date((first as number) + 7 * 86_400_000);
    const climate: AreaProfile = { key: 'climate', name: 'Klimat', keywords: ['klimatanpassning'] };
    const match = score(twoStage, climate, 'SE', ['sv'], { now: between });
    expect(match.explanation.closed).toBe(false);
    expect(match.explanation.daysLeft).toBe(
      Math.floor(((second as number) - between.getTime()) / 86_400_000),
    );
  });

  it('ranks a call with little time left lower than the same call with time to write', () => {
    const soon = call('HORIZON-MISS-2026-04-CIT-02', {
      deadlines: [{ deadlineAt: new Date(now.getTime() + 5 * 86_400_000) }],
    });
    const later = call('HORIZON-MISS-2026-04-CIT-02');
    expect(score(soon, swedishUrban).score).toBeLessThan(score(later, swedishUrban).score);
    expect(score(soon, swedishUrban).explanation.daysLeft).toBe(5);
  });

  it('moves a similar call up after "relevant" and down after "not relevant"', () => {
    const judged = call('HORIZON-MISS-2026-04-CIT-01');
    const similar = call('HORIZON-MISS-2027-04-CIT-05');
    const unrelated = call('ERASMUS-EDU-2026-PEX-COVE');
    const base = score(similar, swedishUrban).score;
    const raised = score(similar, swedishUrban, 'SE', ['sv'], {
      feedback: { relevant: [judged], notRelevant: [] },
    });
    const lowered = score(similar, swedishUrban, 'SE', ['sv'], {
      feedback: { relevant: [], notRelevant: [judged] },
    });
    expect(raised.score).toBeGreaterThan(base);
    expect(lowered.score).toBeLessThan(base);
    expect(raised.explanation.likeRelevant).toBe('HORIZON-MISS-2026-04-CIT-01');
    const untouched = score(unrelated, swedishUrban, 'SE', ['sv'], {
      feedback: { relevant: [judged], notRelevant: [] },
    });
    expect(untouched.score).toBe(score(unrelated, swedishUrban).score);
  });

  it('reads "health" in a title as the call’s subject, but not the health of plants or soils', () => {
    const culture = score(
      titled('TEST-CULTURE', 'Culture and creative industries for health and well-being'),
      swedishHealth,
    );
    expect(culture.score).toBeGreaterThan(0);
    expect(culture.explanation.concepts[0]?.found.title).toEqual(['health', 'well-being']);
    expect(score(titled('TEST-PLANTS', 'Strengthening plant health'), swedishHealth).score).toBe(0);
    expect(score(titled('TEST-SOILS', 'Living labs for healthy soils'), swedishHealth).score).toBe(
      0,
    );
    // In a description, the word alone still proves nothing.
    const mention = titled('TEST-MENTION', 'Digital twins of ports');
    mention.call.descriptionText = 'Better logistics benefit health.';
    expect(score(extractFeatures(mention.call), swedishHealth).score).toBe(0);
  });

  it('ranks actions run by research funders, and calls about another continent, lower', () => {
    const byFunders = titled(
      'HORIZON-MISS-2027-02-CANCER-06',
      'Support a quality-of-life research programme by cancer charities and funding agencies',
    );
    expect(byFunders.actionFactor.reason).toContain('funding agencies');
    expect(byFunders.actionFactor.factor).toBeLessThan(1);
    const withCities = titled(
      'HORIZON-MISS-2027-02-CANCER-07',
      'Funding agencies and local authorities pilot quality-of-life services',
    );
    expect(withCities.actionFactor.factor).toBeGreaterThan(byFunders.actionFactor.factor);
    // A research action built around schools is the municipality's business; in a
    // description, schools are one more stakeholder in a list.
    const research = (title: string, description = '') => {
      const features = titled('HORIZON-CL2-2027-01-DEMO-01', title);
      features.call.actionCategory = 'research';
      features.call.descriptionText = description;
      return extractFeatures(features.call).actionFactor;
    };
    const inSchools = research('Citizenship education: pilots with schools and teachers');
    const inLaboratories = research(
      'Citizenship education: new methods',
      'Stakeholders include schools.',
    );
    expect(inSchools.factor).toBeGreaterThan(inLaboratories.factor);
    expect(inSchools.reason).toContain('schools');
    expect(inLaboratories.reason).toBe('research and innovation action');
    // A description that keeps returning to a region is about it; a passing mention is not.
    const africa = titled(
      'TEST-GH-01',
      'Digital innovation for integrated research and healthcare',
    );
    africa.call.descriptionText =
      'Research in sub-Saharan Africa. Partners from sub-Saharan Africa lead. Capacity in sub-Saharan Africa grows.';
    expect(extractFeatures(africa.call).regionOutsideEurope).toBe('sub-saharan africa');
    africa.call.descriptionText = 'Partners may come from sub-Saharan Africa.';
    expect(extractFeatures(africa.call).regionOutsideEurope).toBeNull();
    expect(byFunders.regionOutsideEurope).toBeNull();
  });

  it('explains a match in a line that names the matched terms, in the reader’s language', () => {
    const match = score(call('LIFE-2026-CET-HEATCOOLPLAN'), swedishUrban);
    const swedish = explanationLine(storedExplanation(match), match.explanation.daysLeft, 'sv');
    expect(swedish).toMatch(
      /^matchade energieffektivisering ↔ [a-z -]+ i (titeln|taggarna|beskrivningen)/,
    );
    expect(swedish).toContain('program LIFE');
    expect(swedish).toMatch(/sista dag om \d+ dagar/);
    expect(explanationLine(storedExplanation(match), match.explanation.daysLeft, 'en')).toMatch(
      /^matched energieffektivisering ↔ .*; programme LIFE/,
    );
  });
});

describe('the vocabulary', () => {
  it('lists no phrase under two concepts in one language (the second would never match)', () => {
    const clashes: string[] = [];
    for (const language of ['en', 'sv', 'nb', 'da', 'fi'] as const) {
      const owner = new Map<string, string>();
      for (const concept of concepts) {
        for (const term of concept[language]) {
          const phrase = typeof term === 'string' ? term : term[0];
          const key = stems(phrase, language).join(' ');
          const first = owner.get(key);
          if (first && first !== concept.id)
            clashes.push(`${language} "${phrase}": ${first}, ${concept.id}`);
          owner.set(key, first ?? concept.id);
        }
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('profiles', () => {
  it('names the offending field of an invalid profile', () => {
    expect(() => parseProfile({ tenant: { name: 'X' }, areas: [], departments: [] })).toThrow(
      ProfileError,
    );
    const valid = {
      tenant: {
        name: 'Alvesta kommun',
        country: 'SE',
        languages: ['sv'],
        timezone: 'Europe/Stockholm',
        organisationType: 'municipality',
      },
      areas: [{ key: 'youth', name: 'Unga', keywords: ['ungdomsutbyte'] }],
      departments: [{ key: 'school', name: 'Skola', areas: ['elderly'], language: 'sv' }],
    };
    expect(() => parseProfile(valid)).toThrow('departments[0].areas[0]: unknown area "elderly"');
    expect(
      parseProfile({ ...valid, departments: [{ ...valid.departments[0], areas: ['youth'] }] })
        .areas,
    ).toHaveLength(1);
  });
});
