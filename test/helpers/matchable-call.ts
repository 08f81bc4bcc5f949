import type { MatchableCall } from '../../src/matching/call-features.js';

/**
 * A call made up for one property of the matcher: only its title and description say
 * anything; every other field is empty and the call counts as open.
 */
export function madeUpCall(identifier: string, title: string, descriptionText = ''): MatchableCall {
  return {
    id: identifier,
    identifier,
    title,
    callTitle: null,
    programmeCode: null,
    programmeName: null,
    language: 'en',
    programmeStrands: [],
    actionCategory: null,
    eligibleCountries: [],
    applicantTypes: [],
    tags: [],
    keywords: [],
    descriptionText,
    status: 'open',
    nextDeadlineAt: null,
    openingAt: null,
    deadlines: [],
  };
}
