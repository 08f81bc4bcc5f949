import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The pages this kind is shown on, written by hand where no recording exists (each folder's
 * README says on what evidence), and the settings an admin would post for them: selectors
 * read off the page, nothing the kind was written for.
 */
export function ownFixtureFolder(site: string): string {
  return fileURLToPath(new URL(`../../fixtures/sources/${site}/`, import.meta.url));
}

export function ownFixturePage(site: string, file: string): string {
  return readFileSync(`${ownFixtureFolder(site)}${file}`, 'utf8');
}

export const euiSettings = {
  programmeName: 'European Urban Initiative',
  programmeCode: 'EUI',
  language: 'en',
  item: 'article.node--type-call-for-proposals',
  title: '.title-node',
  // The heading, not its anchor: the kind takes the a inside.
  link: '.title-node',
  deadline: '.field--name-field-deadline-date',
  summary: '.field--name-body',
  dateFormat: 'DD/MM/YYYY',
};

export const sverigeNorgeSettings = {
  programmeName: 'Interreg Sverige-Norge',
  language: 'nb',
  eligibleCountries: 'SE,NO',
  item: 'article.call-card',
  title: '.call-card__title',
  link: '.call-card__title a',
  deadline: '.call-card__deadline',
  opening: '.call-card__opening',
  summary: '.call-card__excerpt',
  dateLanguage: 'nb',
  timeZone: 'Europe/Oslo',
};

export const northSeaSettings = {
  programmeName: 'Interreg North Sea',
  eligibleCountries: ['BE', 'DK', 'DE', 'NL', 'NO', 'SE'],
  item: 'article[role=article]',
  title: 'h3',
  link: 'a.c-card',
  deadline: 'div.c-card__date',
  summary: '.c-card__text',
  dateLanguage: 'en',
};
