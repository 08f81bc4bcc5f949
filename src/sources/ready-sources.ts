import participation from '../matching/data/programme-participation.json' with { type: 'json' };
import type { GenericSourceKind } from './kinds.js';

/**
 * Sources a new installation has one switch away (PATCH /v1/sources/:id {"enabled": true}):
 * the programmes the municipalities' strategies name first, which the EU portal does not
 * list. They ship disabled: an admin turns on what the municipality needs, and each poll
 * then shows in /v1/sources whether the site still reads as configured.
 *
 * How sure each configuration is: interreg.eu's index and Euro-Access's listing are read
 * as recorded pages show them (../shared/fixtures/sources); the iCalendar and RSS/Atom
 * sources use standard formats at the addresses the source map names; the html-list
 * selectors come from third-party scrapers of those sites (test/fixtures/sources/*
 * README.md) and are not verified against the live pages. A site that changed its layout
 * polls as degraded and closes nothing.
 */
export interface ReadySource {
  id: string;
  kind: GenericSourceKind;
  name: string;
  baseUrl: string;
  schedule: string;
  settings: Record<string, unknown>;
}

const EU = participation.euMemberStates;

export const readySources: readonly ReadySource[] = [
  {
    id: 'interreg-eu',
    kind: 'interreg-algolia',
    name: 'interreg.eu: calls for projects of every Interreg programme',
    baseUrl: 'https://interreg.eu/calls-for-projects/',
    schedule: '23 5 * * *',
    settings: {},
  },
  {
    id: 'interreg-no',
    kind: 'ical',
    name: 'interreg.no: utlysninger (calls open to Norwegian partners)',
    baseUrl: 'https://interreg.no/kalender/kategori/utlysninger/?ical=1',
    // The calendar asks for no more than hourly polls (REFRESH-INTERVAL PT1H); daily is ample.
    schedule: '31 5 * * *',
    settings: {
      language: 'nb',
      timeZone: 'Europe/Oslo',
      // Calls Norwegian partners may join (funded nationally, through regionalforvaltning.no).
      eligibleCountries: ['NO'],
      // A national digest of other programmes' calls: those programmes' own pages come first.
      authority: 2,
    },
  },
  {
    id: 'euro-access',
    kind: 'euro-access',
    name: 'Euro-Access (EuroVienna): curated call database',
    baseUrl: 'https://www.euro-access.eu/en/calls?keyword=&submit=&sent=search',
    schedule: '41 4 * * *',
    settings: {},
  },
  {
    id: 'european-urban-initiative',
    kind: 'html-list',
    name: 'European Urban Initiative: calls for proposals',
    baseUrl: 'https://www.urban-initiative.eu/calls-proposals',
    schedule: '47 5 * * 1',
    settings: {
      programmeName: 'European Urban Initiative',
      programmeCode: 'EUI',
      item: 'article.node--type-call-for-proposals',
      title: '.title-node',
      link: '.title-node',
      deadline: '.field--name-field-deadline-date',
      summary: '.field--name-body',
      dateFormat: 'DD/MM/YYYY',
      // ERDF urban authorities of the Member States only: Sweden yes, Norway no.
      eligibleCountries: EU,
    },
  },
  {
    id: 'urbact',
    kind: 'html-list',
    name: 'URBACT: calls (networks of cities)',
    baseUrl: 'https://urbact.eu/get-involved',
    schedule: '53 5 * * 1',
    settings: {
      programmeName: 'URBACT IV',
      item: 'article',
      title: 'h2, h3',
      link: 'a',
      deadline: '.field--name-field-deadline, .date, time',
      summary: 'p',
      dateLanguage: 'en',
      // Member States, and Norway and Switzerland at their own cost (no ERDF).
      eligibleCountries: [...EU, 'NO', 'CH'],
    },
  },
  {
    id: 'eea-grants-bilateral',
    kind: 'html-list',
    name: 'EEA and Norway Grants: calls (Norwegian entities as donor partners)',
    baseUrl: 'https://eeagrants.org/en/opportunities',
    schedule: '59 5 * * 1',
    settings: {
      programmeName: 'EEA and Norway Grants 2021-2028',
      item: '.views-row, article',
      title: 'h2, h3, .title',
      link: 'a',
      deadline: '.field--name-field-submission-deadline, .deadline, time',
      summary: '.field--name-body, p',
      dateFormat: 'DD/MM/YYYY',
      // Swedish municipalities are not eligible; Norwegian ones join as donor-state partners.
      eligibleCountries: ['NO'],
    },
  },
  {
    id: 'interreg-baltic-sea',
    kind: 'rss',
    name: 'Interreg Baltic Sea Region: calls announced in the news feed',
    baseUrl: 'https://interreg-baltic.eu/feed/',
    schedule: '13 6 * * *',
    settings: {
      programmeName: 'Interreg Baltic Sea Region',
      include: ['call', 'apply', 'application round'],
      eligibleCountries: ['DK', 'EE', 'FI', 'DE', 'LV', 'LT', 'NO', 'PL', 'SE'],
    },
  },
  {
    id: 'interreg-aurora',
    kind: 'rss',
    name: 'Interreg Aurora: calls announced in the news feed',
    baseUrl: 'https://interregaurora.eu/feed/atom/',
    schedule: '19 6 * * *',
    settings: {
      programmeName: 'Interreg Aurora',
      include: ['call', 'utlysning', 'ansökan', 'haku', 'søknad'],
      eligibleCountries: ['FI', 'SE', 'NO'],
    },
  },
  {
    id: 'interreg-north-sea',
    kind: 'html-list',
    name: 'Interreg North Sea: future calls',
    baseUrl: 'https://www.interregnorthsea.eu/future-calls',
    schedule: '29 6 * * 1',
    settings: {
      programmeName: 'Interreg North Sea',
      item: 'article[role=article]',
      title: 'h3',
      link: 'a.c-card',
      deadline: 'div.c-card__date',
      summary: '.c-card__text',
      dateLanguage: 'en',
      eligibleCountries: ['BE', 'DK', 'DE', 'FR', 'NL', 'NO', 'SE'],
    },
  },
  {
    id: 'interreg-sverige-norge',
    kind: 'html-list',
    name: 'Interreg Sverige-Norge: utlysninger',
    baseUrl: 'https://www.interreg-sverige-norge.com/no/sok-stotte/utlysninger/',
    schedule: '37 6 * * 1',
    settings: {
      programmeName: 'Interreg Sverige-Norge',
      language: 'nb',
      item: 'article.call-card',
      title: '.call-card__title',
      link: '.call-card__title a',
      deadline: '.call-card__deadline',
      opening: '.call-card__opening',
      summary: '.call-card__excerpt',
      dateLanguage: 'nb',
      timeZone: 'Europe/Oslo',
      eligibleCountries: ['SE', 'NO'],
    },
  },
];
