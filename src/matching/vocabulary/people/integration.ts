import type { ConceptDefinition } from '../types.js';

/** Integration of migrants, asylum reception, second-language learning and mother-tongue teaching. */
export const integrationConcepts: readonly ConceptDefinition[] = [
  {
    id: 'migrant-integration',
    broader: ['inclusion'],
    related: ['second-language-learning', 'asylum-reception'],
    label: {
      en: 'integration of migrants and refugees',
      sv: 'integration och etablering',
      nb: 'integrering av innvandrere',
    },
    en: [
      // Also an eligibility category of every mobility and research fellowship call.
      ['third-country nationals', 0.4],
      'integration of third-country nationals',
      'social integration',
      'socio-economic integration',
      'newly arrived',
      // Erasmus+ calls call organisations new to the programme "newcomers".
      ['newcomers', 0.3],
      'host communities',
      'receiving communities',
      'intercultural dialogue',
      'intercultural',
      // "Integration" is mostly systems, market or data integration in research calls, and
      // "diaspora" is as often about investment abroad: support only.
      ['integration', 0.3],
      ['diaspora', 0.4],
    ],
    sv: [
      'etableringsuppdraget',
      'samhällsorientering',
      'invandrare',
      'utrikes födda',
      'invandrarbakgrund',
      'utländsk bakgrund',
      'mottagande av nyanlända',
      'interkulturell',
      'integrationsarbete',
      'integrationsfrågor',
    ],
    nb: [
      'introduksjonsprogram',
      'introduksjonsprogrammet',
      'bosetting av flyktninger',
      'nyankomne',
      'innvandrerbakgrunn',
      'samfunnskunnskap',
      'interkulturell',
      'integreringsarbeid',
    ],
    da: [
      'indvandrere',
      'flygtninge',
      'nydanskere',
      'medborgerskab',
      'interkulturel',
      'integrationsindsats',
      'integrationsprogram',
    ],
    fi: [
      'kotouttaminen',
      'kotoutumispalvelut',
      'maahanmuuttajat',
      'maahanmuuttajataustaiset',
      'pakolaiset',
      'monikulttuurisuus',
    ],
  },
  {
    id: 'asylum-reception',
    broader: ['inclusion'],
    related: ['migrant-integration'],
    label: {
      en: 'asylum, reception and migration',
      sv: 'migration och mottagande',
      nb: 'migrasjon og mottak',
    },
    en: [
      'asylum seekers',
      'asylum applicants',
      'applicants for international protection',
      'beneficiaries of international protection',
      'reception conditions',
      'reception of asylum',
      'reception centres',
      'resettlement',
      'unaccompanied minors',
      'legal pathways',
      // Asylum systems, borders, return and migration management are run by national
      // authorities (the border and return strands of the migration funds); "migration" is
      // also data, cell and species migration in research calls: support only.
      ['asylum', 0.4],
      ['international protection', 0.4],
      ['migration', 0.4],
      ['migratory', 0.3],
    ],
    sv: [
      'migration',
      'asylsökande',
      'flyktingmottagande',
      'ensamkommande',
      'ensamkommande barn',
      'vidarebosättning',
      'kvotflyktingar',
      'människohandel',
    ],
    nb: [
      'migrasjon',
      'asylsøkere',
      'asylmottak',
      'enslige mindreårige',
      'overføringsflyktninger',
      'menneskehandel',
    ],
    da: [
      'migration',
      'asylansøgere',
      'uledsagede mindreårige',
      'kvoteflygtninge',
      'menneskehandel',
      'modtagelse af flygtninge',
    ],
    fi: [
      'maahanmuutto',
      'turvapaikanhakijat',
      'ilman huoltajaa tulleet',
      'kiintiöpakolaiset',
      'ihmiskauppa',
      'pakolaisten vastaanotto',
    ],
  },
  {
    id: 'second-language-learning',
    broader: ['languages'],
    // As for adult learning and languages: the same words in a university call are not
    // about a municipality's learners.
    contrasts: ['higher-education'],
    related: ['migrant-integration'],
    label: {
      en: 'language tuition for newcomers',
      sv: 'sfi och språkutbildning',
      nb: 'norskopplæring',
    },
    // Calls name language tuition as "language courses" or "language training": every
    // "language" already counts for `languages`, which this concept implies in a profile, so
    // only the words of its own are here.
    en: ['linguistic integration', 'linguistic support', 'literacy courses'],
    sv: [
      'sfi',
      'svenska för invandrare',
      'svenska som andraspråk',
      'språkutbildning',
      'språkstöd',
      'språkintroduktion',
      'språkkafé',
      'språkträning',
      'språkutveckling',
    ],
    nb: [
      'norskopplæring',
      'norsk som andrespråk',
      'norskundervisning',
      'språkpraksis',
      'språkkafé',
      'språkutvikling',
    ],
    da: [
      'danskuddannelse',
      'dansk som andetsprog',
      'danskundervisning',
      'sprogcenter',
      'sprogudvikling',
    ],
    fi: [
      'suomi toisena kielenä',
      'kielikoulutus',
      'kotoutumiskoulutus',
      'suomen kielen opetus',
      'kielikahvila',
    ],
  },
  {
    id: 'mother-tongue-multilingualism',
    broader: ['languages'],
    // As for adult learning and languages: the same words in a university call are not
    // about a municipality's learners.
    contrasts: ['higher-education'],
    label: {
      en: 'mother tongue and multilingualism',
      sv: 'modersmål och flerspråkighet',
      nb: 'morsmål og flerspråklighet',
    },
    en: ['mother tongue', 'plurilingual', 'linguistic diversity', 'bilingual'],
    sv: [
      'modersmål',
      'modersmålsundervisning',
      'modersmålsstöd',
      'studiehandledning på modersmål',
      'tvåspråkighet',
    ],
    nb: [
      'morsmål',
      'morsmålsopplæring',
      'tospråklig',
      'tospråklig fagopplæring',
      'flerspråklighet',
    ],
    da: ['modersmål', 'modersmålsundervisning', 'tosprogede', 'flersprogethed'],
    fi: [
      'äidinkieli',
      'oman äidinkielen opetus',
      'monikielisyys',
      'kaksikielisyys',
      'monikielinen',
    ],
  },
];
