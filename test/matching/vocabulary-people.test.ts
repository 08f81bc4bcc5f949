import { describe, expect, it } from 'vitest';
import { compileArea } from '../../src/matching/area-model.js';
import { extractFeatures, type MatchableCall } from '../../src/matching/call-features.js';
import { conceptById, concepts } from '../../src/matching/vocabulary/index.js';
import { peopleConcepts } from '../../src/matching/vocabulary/people.js';
import type { AreaProfile } from '../../src/tenants/profile.js';
import { madeUpCall } from '../helpers/matchable-call.js';

/** The words a municipality writes for its own work, in each Nordic language, per concept. */
const profileWords: Record<string, { sv: string; nb: string; da: string; fi: string }> = {
  'libraries-reading': {
    sv: 'folkbibliotek',
    nb: 'folkebibliotek',
    da: 'folkebibliotek',
    fi: 'yleinen kirjasto',
  },
  'heritage-museums': {
    sv: 'kulturmiljöarbete',
    nb: 'kulturminner',
    da: 'kulturmiljø',
    fi: 'kulttuuriympäristö',
  },
  'sport-clubs': {
    sv: 'tränare',
    nb: 'idrettslag',
    da: 'trænere',
    fi: 'urheiluseurat',
  },
  'associations-volunteering': {
    sv: 'idéburen sektor',
    nb: 'frivillig sektor',
    da: 'frivillighed',
    fi: 'vapaaehtoistyö',
  },
  'human-rights': {
    sv: 'mänskliga rättigheter',
    nb: 'menneskerettigheter',
    da: 'menneskerettigheder',
    fi: 'ihmisoikeudet',
  },
  'gender-equality-work': {
    sv: 'jämställdhetsintegrering',
    nb: 'likestillingsintegrering',
    da: 'kønsmainstreaming',
    fi: 'sukupuolinäkökulma',
  },
  'migrant-integration': {
    sv: 'samhällsorientering',
    nb: 'introduksjonsprogram',
    da: 'integrationsindsats',
    fi: 'kotouttaminen',
  },
  'second-language-learning': {
    sv: 'sfi',
    nb: 'norskopplæring',
    da: 'danskuddannelse',
    fi: 'kotoutumiskoulutus',
  },
  'employment-services': {
    sv: 'arbetsmarknadsinsatser',
    nb: 'arbeidsledighet',
    da: 'beskæftigelsesindsats',
    fi: 'työllisyyspalvelut',
  },
  'e-government': {
    sv: 'e-förvaltning',
    nb: 'digital forvaltning',
    da: 'digital forvaltning',
    fi: 'sähköinen asiointi',
  },
};

const areaWith = (keyword: string): AreaProfile => ({
  key: 'area',
  name: keyword,
  keywords: [keyword],
});

/** A call made up for one property: only its title and description matter here. */
const callAbout = (title: string, descriptionText = ''): MatchableCall =>
  madeUpCall(title, title, descriptionText);

describe('the people vocabulary', () => {
  for (const [conceptId, words] of Object.entries(profileWords)) {
    for (const [language, keyword] of Object.entries(words)) {
      it(`reads ${language} "${keyword}" as ${conceptId}`, () => {
        const area = compileArea(areaWith(keyword), [language]);
        // Named by the keyword, whole (1) or as a part of a compound (0.7 for its head, 0.9
        // for its tail), not merely implied by another concept (0.4 or 0.5).
        expect(area.concepts.get(conceptId)?.weight ?? 0).toBeGreaterThanOrEqual(0.7);
      });
    }
  }

  it('implies the broader concept it narrows', () => {
    const area = compileArea(areaWith('läsfrämjande'), ['sv']);
    expect(area.concepts.get('culture')?.weight ?? 0).toBeGreaterThan(0);
  });

  it('reads a sports club as sport and as an association', () => {
    const area = compileArea(areaWith('idrottsförening'), ['sv']);
    expect(area.concepts.get('sport-leisure')?.weight ?? 0).toBeGreaterThanOrEqual(0.7);
    expect(area.concepts.get('associations-volunteering')?.weight ?? 0).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps concept ids unique and every link pointing at a concept', () => {
    const ids = concepts.map((concept) => concept.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const concept of peopleConcepts) {
      for (const link of [
        ...(concept.broader ?? []),
        ...(concept.related ?? []),
        ...(concept.contrasts ?? []),
      ]) {
        expect(conceptById.has(link), `${concept.id} → ${link}`).toBe(true);
      }
    }
  });

  it('finds migrant integration in a call about it, not in systems integration', () => {
    const migrants = extractFeatures(
      callAbout('Integration of third-country nationals at local level'),
    );
    expect(migrants.concepts.get('migrant-integration')?.evidence ?? 0).toBeGreaterThan(0);
    const systems = extractFeatures(callAbout('Integration of sensors into modular systems'));
    expect(systems.concepts.get('migrant-integration')?.evidence ?? 0).toBe(0);
  });

  it('counts ambiguous single words as support only', () => {
    const features = extractFeatures(
      callAbout('Digitalisation and heritage of industrial data migration'),
    );
    for (const conceptId of ['e-government', 'heritage-museums', 'asylum-reception']) {
      const evidence = features.concepts.get(conceptId);
      expect(evidence?.loose ?? 0, conceptId).toBeGreaterThan(0);
      expect(evidence?.evidence ?? 0, conceptId).toBe(0);
    }
  });
});
