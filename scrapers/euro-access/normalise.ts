import { FT_PROGRAMMES } from '../ft-portal/programmes.js';
import { htmlToText, sanitizeHtml } from '../html.js';
import { outsideThePortal } from '../kind-settings.js';
import type { NormalisedBudget, NormalisedCall, NormalisedDeadline } from '../types.js';
import { countryCodesOf } from './countries.js';
import { deadlineFrom, openingFrom } from './dates.js';
import type { DetailParse } from './detail.js';
import type { ListingRow } from './listing.js';
import { euroAmountOf, perProjectRangeOf } from './money.js';
import type { EuroAccessSettings } from './settings.js';

export const ATTRIBUTION_LABEL = 'Euro-Access';

/**
 * Call numbers of calls on the Funding & Tenders portal start with the portal's programme
 * abbreviation (HORIZON-CL5-…, EU4H-…, I3-…), the code the ft-portal source gives the same
 * call. Other call numbers (Interreg's, EuropeAid's) name no programme code: null.
 */
const FT_ABBREVIATIONS = new Set(
  Object.values(FT_PROGRAMMES)
    .map((programme) => programme.abbreviation)
    .filter((abbreviation) => /^[A-Z0-9]+$/.test(abbreviation)),
);

export function programmeCodeOf(callNumber: string | null): string | null {
  const prefix = callNumber ? /^([A-Z0-9]+)-/.exec(callNumber)?.[1] : undefined;
  return prefix && FT_ABBREVIATIONS.has(prefix) ? prefix : null;
}

export interface NormalisedRow {
  record: NormalisedCall;
  warnings: string[];
}

/**
 * One call from its listing row and, when it was read, its detail page. Without a detail the
 * record is thin: ingestion keeps the description an earlier detail gave. The title comes
 * from the listing either way, so reading the detail or not does not rename a call.
 */
export function normaliseCall(
  row: ListingRow,
  detail: DetailParse | null,
  settings: EuroAccessSettings,
): NormalisedRow {
  const warnings: string[] = [];
  const callNumber = detail?.callNumber ?? null;
  const programmeName = detail?.programme ?? row.programme ?? settings.programmeName;
  const descriptionHtml = detail ? descriptionOf(detail) : '';
  const record: NormalisedCall = {
    ...outsideThePortal(settings),
    naturalKey: `euro-access:${row.callId}`,
    identifier: callNumber ?? `EA-${row.callId}`,
    title: row.title,
    programmeCode: settings.programmeCode ?? programmeCodeOf(callNumber),
    programmeName,
    callIdentifier: callNumber,
    descriptionText: htmlToText(descriptionHtml),
    descriptionHtml,
    openingAt: detail?.opening ? openingFrom(detail.opening, settings.timeZone) : null,
    deadlines: deadlinesOf(row, detail, settings.timeZone, warnings),
    budget: detail ? budgetOf(detail) : null,
    eligibleCountries: countriesOf(row, detail, settings, warnings),
    tags: tagsOf(programmeName, detail?.themes ?? []),
    sourceUrl: row.detailUrl,
    links: linksOf(row, detail),
    thin: detail === null,
  };
  return { record, warnings };
}

function deadlinesOf(
  row: ListingRow,
  detail: DetailParse | null,
  timeZone: string,
  warnings: string[],
): NormalisedDeadline[] {
  const deadlines: NormalisedDeadline[] = [];
  const stated = detail?.deadline ?? row.deadline;
  const first = stated ? deadlineFrom(stated, 1, timeZone) : null;
  if (first) deadlines.push(first);
  else warnings.push(`call ${row.callId}: no readable deadline (${stated ?? 'none stated'})`);
  const second = detail?.secondStageDeadline
    ? deadlineFrom(detail.secondStageDeadline, 2, timeZone)
    : null;
  if (second) deadlines.push(second);
  return deadlines;
}

function countriesOf(
  row: ListingRow,
  detail: DetailParse | null,
  settings: EuroAccessSettings,
  warnings: string[],
): string[] {
  if (!detail || detail.regions.length === 0) return settings.eligibleCountries;
  const { codes, unknown } = countryCodesOf(detail.regions);
  if (unknown.length > 0) {
    // A partial list could leave out a tenant's country hidden in an unknown group ("EEA
    // countries"): no restriction is safer than a wrong one.
    warnings.push(
      `call ${row.callId}: countries not recognised (${unknown.join('; ')}), none kept`,
    );
    return settings.eligibleCountries;
  }
  return codes;
}

function budgetOf(detail: DetailParse): NormalisedBudget | null {
  const total = detail.callBudget ? euroAmountOf(detail.callBudget) : null;
  const perProject = detail.contributionPerProject
    ? perProjectRangeOf(detail.contributionPerProject)
    : { min: null, max: null };
  if (total === null && perProject.min === null && perProject.max === null) return null;
  return {
    currency: 'EUR',
    total,
    minPerGrant: perProject.min,
    maxPerGrant: perProject.max,
    expectedGrants: null,
  };
}

/** Short description, objectives, who may apply and the funding rate: nothing more is kept. */
function descriptionOf(detail: DetailParse): string {
  const parts = [detail.shortDescriptionHtml];
  if (detail.objectivesHtml) parts.push('<h4>Call objectives</h4>', detail.objectivesHtml);
  if (detail.eligibleEntities) parts.push(fact('Eligible entities', detail.eligibleEntities));
  if (detail.fundingRate) parts.push(fact('Funding rate', detail.fundingRate));
  return sanitizeHtml(parts.filter(Boolean).join('\n'));
}

function fact(label: string, value: string): string {
  return `<p><strong>${label}:</strong> ${escapeText(value)}</p>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function tagsOf(programmeName: string | null, themes: string[]): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const tag of [programmeName, ...themes]) {
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

/**
 * The Euro-Access page always comes first: the content is its curated work, and the link is
 * the attribution. Then the programme's own call page and the submission system.
 */
function linksOf(row: ListingRow, detail: DetailParse | null): NormalisedCall['links'] {
  const links = [{ label: ATTRIBUTION_LABEL, url: row.detailUrl }];
  if (detail?.callLink) links.push({ label: 'Link to the call', url: detail.callLink });
  if (detail?.submissionLink && detail.submissionLink !== detail.callLink)
    links.push({ label: 'Link to the submission', url: detail.submissionLink });
  return links;
}
