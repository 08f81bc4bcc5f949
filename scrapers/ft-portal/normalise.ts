import { localDateOf, parseWallClock, zonedTimeToInstant } from '../dates.js';
import { htmlToText, sanitizeHtml } from '../html.js';
import type { NormalisedBudget, NormalisedCall, NormalisedDeadline } from '../types.js';
import {
  actionCategoryOf,
  applicantTypesOf,
  eligibleCountriesOf,
  programmeStrandsOf,
} from './identifiers.js';
import type { FtPortalRecord } from './parse.js';
import { FT_PROGRAMMES } from './programmes.js';
import { CASCADE_FUNDING_TYPE, LEGACY_DATASOURCE } from './raw.js';

export const BRUSSELS = 'Europe/Brussels';
/** F&T deadlines without a time are 17:00:00 Brussels time (the portal's standard cut-off). */
const DEFAULT_DEADLINE_HOUR = 17;
const EUROPEAID_TYPE = '2';
const TOPIC_PAGE =
  'https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/';

/**
 * Cascade-funding calls (type 8) are published by projects, not the Commission; several can
 * share a topic identifier, so the portal's reference keys them. Everything else is one call
 * per identifier, whichever index copy it came from.
 */
function naturalKeyOf(record: Pick<FtPortalRecord, 'type' | 'identifier' | 'reference'>): string {
  return record.type === CASCADE_FUNDING_TYPE
    ? `${record.identifier}#${record.reference}`
    : record.identifier;
}

export function normaliseRecord(record: FtPortalRecord): NormalisedCall {
  const programme = programmeOf(record);
  const descriptionHtml = record.descriptionHtml ? sanitizeHtml(record.descriptionHtml) : '';
  const sourceUrl =
    record.type === EUROPEAID_TYPE && record.url ? record.url : `${TOPIC_PAGE}${record.identifier}`;
  const typeOfAction = record.typesOfAction[0] ?? null;
  return {
    naturalKey: naturalKeyOf(record),
    identifier: record.identifier,
    title: record.title,
    programmeCode: programme.code,
    programmeName: programme.name,
    callIdentifier: record.callIdentifier,
    callTitle: record.callTitle,
    programmeStrands: programmeStrandsOf(record.identifier),
    typeOfAction,
    actionCategory: actionCategoryOf(record.identifier, typeOfAction),
    descriptionText: htmlToText(descriptionHtml),
    descriptionHtml,
    openingAt: record.startDate ? parseSediaInstant(record.startDate, record.type, 0) : null,
    deadlines: deadlinesOf(record),
    budget: budgetOf(record),
    eligibleCountries: eligibleCountriesOf(record.identifier),
    eligibleRegions: [],
    applicantTypes: applicantTypesOf(record.identifier, typeOfAction),
    tags: uniqueCaseInsensitive(record.tags),
    keywords: uniqueCaseInsensitive(
      record.keywords.filter((keyword) => !looksLikeIdentifier(keyword, record)),
    ),
    language: record.language,
    sourceUrl,
    links: linksOf(record, sourceUrl),
    fromLegacyIndex: record.datasource === LEGACY_DATASOURCE,
    thin: descriptionHtml === '',
  };
}

function programmeOf(record: FtPortalRecord): { code: string | null; name: string | null } {
  const known = record.frameworkProgramme ? FT_PROGRAMMES[record.frameworkProgramme] : undefined;
  if (known) return { code: known.abbreviation, name: known.name };
  // Identifiers start with the programme's abbreviation (HORIZON-…, LIFE-…, EU4H-…).
  const prefix = /^([A-Z0-9]+)-/.exec(record.identifier)?.[1] ?? null;
  return { code: prefix, name: null };
}

/**
 * SEDIA writes Brussels wall-clock times with a misleading +0000 (a deadline of 17:00
 * Brussels reads "T17:00:00.000+0000"); a bare date reads "T00:00:00". EuropeAid (PROSPECT)
 * records carry real UTC timestamps instead.
 */
function parseSediaInstant(value: string, type: string, dateOnlyHour: number): Date | null {
  const wall = parseWallClock(value);
  if (!wall) return null;
  if (type === EUROPEAID_TYPE) {
    return new Date(
      Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second),
    );
  }
  const dateOnly = wall.hour === 0 && wall.minute === 0 && wall.second === 0;
  return zonedTimeToInstant(dateOnly ? { ...wall, hour: dateOnlyHour } : wall, BRUSSELS);
}

function deadlinesOf(record: FtPortalRecord): NormalisedDeadline[] {
  const instants = record.deadlineDates
    .map((value) => parseSediaInstant(value, record.type, DEFAULT_DEADLINE_HOUR))
    .filter((instant): instant is Date => instant !== null)
    .sort((a, b) => a.getTime() - b.getTime());
  const unique = instants.filter(
    (instant, index) => index === 0 || instant.getTime() !== instants[index - 1]?.getTime(),
  );
  return unique.map((deadlineAt, index) => ({
    stage: index + 1,
    deadlineAt,
    localDate: localDateOf(deadlineAt, BRUSSELS),
    timeZone: BRUSSELS,
  }));
}

/**
 * The budget overview lists every action of the whole call (other topics too); only the
 * lines whose action names this topic belong to it.
 */
function budgetOf(record: FtPortalRecord): NormalisedBudget | null {
  if (record.budget !== null) {
    return {
      currency: record.currency ?? 'EUR',
      total: record.budget,
      minPerGrant: null,
      maxPerGrant: null,
      expectedGrants: null,
    };
  }
  const actionMap = record.budgetOverview?.budgetTopicActionMap;
  if (!actionMap) return null;
  const prefix = `${record.identifier} - `;
  const lines = Object.values(actionMap)
    .flat()
    .filter(
      (line) =>
        typeof line?.action === 'string' &&
        (line.action.startsWith(prefix) || line.action.trim() === record.identifier),
    );
  if (lines.length === 0) return null;
  let total = 0;
  let expectedGrants = 0;
  const minimums: number[] = [];
  const maximums: number[] = [];
  for (const line of lines) {
    for (const amount of Object.values(line.budgetYearMap ?? {})) {
      const value = Number(amount);
      if (Number.isFinite(value)) total += value;
    }
    if (line.expectedGrants && line.expectedGrants > 0) expectedGrants += line.expectedGrants;
    if (line.minContribution && line.minContribution > 0) minimums.push(line.minContribution);
    if (line.maxContribution && line.maxContribution > 0) maximums.push(line.maxContribution);
  }
  return {
    currency: 'EUR',
    total: total > 0 ? total : null,
    minPerGrant: minimums.length ? Math.min(...minimums) : null,
    maxPerGrant: maximums.length ? Math.max(...maximums) : null,
    expectedGrants: expectedGrants > 0 ? expectedGrants : null,
  };
}

function linksOf(record: FtPortalRecord, sourceUrl: string): Array<{ label: string; url: string }> {
  const candidates = [
    { label: record.type === EUROPEAID_TYPE ? 'Call page' : 'Topic page', url: sourceUrl },
    ...record.submissionLinks.map((link) => ({
      label: link.criterionDescription ? `Submit: ${link.criterionDescription}` : 'Submission',
      url: link.url ?? '',
    })),
    ...record.publicationDocuments.map((document) => ({
      label: document.nameDoc ?? 'Document',
      url: document.docUrl ?? '',
    })),
  ];
  const seen = new Set<string>();
  return candidates.filter((link) => {
    if (!/^https?:\/\//.test(link.url) || seen.has(link.url)) return false;
    seen.add(link.url);
    return true;
  });
}

/** Keywords often repeat the topic's own code (or its call's); those say nothing. */
function looksLikeIdentifier(keyword: string, record: FtPortalRecord): boolean {
  const upper = keyword.toUpperCase();
  if (upper === record.identifier.toUpperCase()) return true;
  if (record.callIdentifier && upper === record.callIdentifier.toUpperCase()) return true;
  return /^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$/.test(keyword) && /\d/.test(keyword);
}

function uniqueCaseInsensitive(values: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const value of values) {
    const key = value.toLowerCase();
    if (value === '' || seen.has(key)) continue;
    seen.add(key);
    result.push(value);
  }
  return result;
}
