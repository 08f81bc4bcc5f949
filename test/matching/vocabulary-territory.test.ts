import { describe, expect, it } from 'vitest';
import { compileArea } from '../../src/matching/area-model.js';
import { stems } from '../../src/matching/text.js';
import { concepts } from '../../src/matching/vocabulary/index.js';
import { territoryConcepts } from '../../src/matching/vocabulary/territory.js';
import type { AreaProfile } from '../../src/tenants/profile.js';

/** The concepts one keyword gives an area in a tenant of that language (English read too). */
function conceptsOf(keyword: string, language: string): string[] {
  const area: AreaProfile = { key: 'area', name: keyword, keywords: [keyword] };
  return [...compileArea(area, [language]).concepts.keys()];
}

/**
 * Phrases that take a clear word of an older concept on purpose, as their comments in
 * territory.ts say: they name another subject, or (community-led local development) a method.
 */
const takesOnPurpose = new Set([
  'access to finance',
  'waste heat',
  'water cycle',
  'community-led local development',
  'local development strategies',
  'bottom-up local development',
]);

function englishTerms(ids: ReadonlySet<string>, inside: boolean) {
  return concepts
    .filter((concept) => ids.has(concept.id) === inside)
    .flatMap((concept) =>
      concept.en.map((term) => {
        const [phrase, weight] = typeof term === 'string' ? [term, 1] : term;
        return { id: concept.id, phrase, weight, stems: stems(phrase, 'en').join(' ') };
      }),
    );
}

/** The words each Nordic municipality uses for the same service, one concept per row. */
const services: Array<[concept: string, sv: string, nb: string, da: string, fi: string]> = [
  [
    'business-development',
    'näringslivsutveckling',
    'verdiskaping',
    'erhvervsudvikling',
    'elinvoima',
  ],
  ['visitor-economy', 'besöksmål', 'reisemål', 'destinationsudvikling', 'matkailukohteet'],
  ['rural-development', 'landsbygdsutveckling', 'distriktsutvikling', 'landdistrikter', 'maaseutu'],
  ['crisis-preparedness', 'krisberedskap', 'kriseberedskap', 'kriseberedskab', 'varautuminen'],
  ['civil-protection', 'räddningstjänst', 'brannvesen', 'redningsberedskab', 'pelastustoimi'],
  ['land-use-permits', 'bygglov', 'reguleringsplan', 'lokalplan', 'asemakaava'],
  ['housing', 'bostadsförsörjning', 'boligpolitikk', 'almene boliger', 'asuntopolitiikka'],
  ['food-systems', 'livsmedelsstrategi', 'kortreist mat', 'fødevarestrategi', 'lähiruoka'],
  ['water-services', 'vatten och avlopp', 'vann og avløp', 'vandforsyning', 'vedenhankinta'],
  [
    'green-procurement',
    'offentlig upphandling',
    'offentlige anskaffelser',
    'offentlige indkøb',
    'julkiset hankinnat',
  ],
];

const conceptIsContrast = (id: string) =>
  territoryConcepts.find((concept) => concept.id === id)?.contrastOnly === true;

describe('territory vocabulary', () => {
  it.each(services)(
    '%s: the Swedish, Norwegian, Danish and Finnish words find it',
    (concept, sv, nb, da, fi) => {
      expect(conceptsOf(sv, 'sv')).toContain(concept);
      expect(conceptsOf(nb, 'nb')).toContain(concept);
      expect(conceptsOf(da, 'da')).toContain(concept);
      expect(conceptsOf(fi, 'fi')).toContain(concept);
    },
  );

  it('has no English phrase that another phrase already holds, nor one that hides a clear word of an older concept', () => {
    const territory = new Set(territoryConcepts.map((concept) => concept.id));
    const own = englishTerms(territory, true);
    // Words taken from a contrast-only concept ("treatments" in "water treatment") only stop
    // a call from reading as research, which is the point.
    const contrasts = new Set(concepts.filter((c) => c.contrastOnly).map((c) => c.id));
    const older = englishTerms(territory, false).filter(
      (term) => term.weight >= 0.5 && !contrasts.has(term.id),
    );
    // An exact repeat is dead: the concept listed first keeps the phrase.
    const held = new Set(englishTerms(territory, false).map((term) => term.stems));
    const repeated = own
      .filter((term) => held.has(term.stems) || !held.add(term.stems))
      .map((term) => `${term.id}: "${term.phrase}"`);
    expect(repeated).toEqual([]);
    const hiding = own
      .filter((term) => !takesOnPurpose.has(term.phrase) && !conceptIsContrast(term.id))
      .flatMap((term) =>
        older
          .filter(
            (word) => ` ${term.stems} `.includes(` ${word.stems} `) && word.stems !== term.stems,
          )
          .map((word) => `"${term.phrase}" hides ${word.id}: "${word.phrase}"`),
      );
    expect(hiding).toEqual([]);
  });

  it('reads a compound it has no entry for through its parts', () => {
    // krisberedskap + s + planering; fiskeri + strategi
    expect(conceptsOf('krisberedskapsplanering', 'sv')).toContain('crisis-preparedness');
    expect(conceptsOf('fiskeristrategi', 'nb')).toContain('fisheries-aquaculture');
  });

  it('implies the broader concept a narrower one belongs to', () => {
    expect(conceptsOf('räddningstjänst', 'sv')).toEqual(
      expect.arrayContaining(['civil-protection', 'public-safety']),
    );
    expect(conceptsOf('trafikksikkerhet', 'nb')).toEqual(
      expect.arrayContaining(['road-safety', 'mobility']),
    );
  });

  it('keeps words of other areas out of it', () => {
    // "gård" is left out as a part: a youth centre is not a farm.
    expect(conceptsOf('fritidsgård', 'sv')).not.toContain('agriculture-farming');
    // A safe life for older people is elderly care, not crime prevention.
    const elderly = compileArea(
      {
        key: 'health',
        name: 'Hälsa',
        description: 'Vi vill ge ett gott och tryggt liv för äldre.',
        keywords: ['äldreomsorg'],
      },
      ['sv', 'en'],
    );
    expect([...elderly.concepts.keys()]).not.toContain('crime-prevention');
    // Norwegian "gang" is walking, though keywords are also read as English.
    expect(conceptsOf('gang- og sykkelveier', 'nb')).not.toContain('crime-prevention');
    expect(conceptsOf('gang- og sykkelveier', 'nb')).toContain('cycling-walking');
  });
});
