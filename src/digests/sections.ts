import type { CallBudget } from '../db/schema/index.js';
import { explanationLine } from '../matching/explain.js';
import { daysLeftOf } from '../matching/explanation-view.js';
import type {
  ChangedDigestItem,
  DigestBudget,
  DigestChange,
  DigestContent,
  DigestItem,
  DigestLanguage,
  DigestSection,
  ShownSnapshot,
} from './content-types.js';
import type { DepartmentCall } from './department-calls.js';

/**
 * Calls reach a department's digest at this weighted score unless the department sets its
 * own (digest_min_score). Matches are stored from 30 (MATCH_THRESHOLD): right for the API,
 * where a coordinator scans and judges a list, but a weekly mail to a department is read
 * once and loses its readers if it cries wolf. On the recorded 2026-06-25 snapshot 45 keeps
 * about two thirds of the example tenants' matches (Lidingö education 17 of 25, city
 * planning 105 of 158) and leaves the weakest third to the coordinator's overview, where
 * calls no department took are listed.
 */
export const DEFAULT_DIGEST_MIN_SCORE = 45;

/** Items per section: a digest read on a phone stays one screen a section; the rest "and K more". */
export const SECTION_LIMIT = 10;

/** "Closing soon" looks this far ahead. */
export const CLOSING_SOON_DAYS = 14;

const DAY_MS = 86_400_000;

export function digestBudget(budget: CallBudget | null): DigestBudget | null {
  return budget ? { currency: budget.currency, total: budget.total } : null;
}

/** What digest_shown keeps of the call now: what next week's "changed" compares with. */
export function snapshotOf(call: DepartmentCall): ShownSnapshot {
  return {
    deadlines: call.deadlines.map((deadline) => deadline.at),
    status: call.status,
    budget: digestBudget(call.budget),
  };
}

function sameBudget(a: DigestBudget | null, b: DigestBudget | null): boolean {
  return a?.currency === b?.currency && (a?.total ?? null) === (b?.total ?? null);
}

/**
 * What changed since the recipient saw the call, one entry per change: each stage whose
 * deadline moved (or appeared, or went), a forthcoming call that opened, a budget that
 * changed. Told from the snapshot rather than from call_changes, so a deadline moved and
 * moved back between two digests is (rightly) no news.
 */
export function changesSince(shown: ShownSnapshot, call: DepartmentCall): DigestChange[] {
  const now = snapshotOf(call);
  const changes: DigestChange[] = [];
  const stages = Math.max(shown.deadlines.length, now.deadlines.length);
  for (let stage = 0; stage < stages; stage += 1) {
    const from = shown.deadlines[stage] ?? null;
    const to = now.deadlines[stage] ?? null;
    if (from !== to) changes.push({ kind: 'deadline', from, to });
  }
  if (shown.status === 'forthcoming' && now.status === 'open') changes.push({ kind: 'opened' });
  if (!sameBudget(shown.budget, now.budget))
    changes.push({ kind: 'budget', from: shown.budget, to: now.budget });
  return changes;
}

function nextDeadline(call: DepartmentCall, now: Date): string | null {
  return call.deadlines.find((deadline) => Date.parse(deadline.at) >= now.getTime())?.at ?? null;
}

export interface ItemContext {
  now: Date;
  language: DigestLanguage;
  publicBaseUrl: string;
}

/** A call as a digest lists it, the why line in the digest's language. */
export function digestItem(call: DepartmentCall, context: ItemContext): DigestItem {
  const nextDeadlineAt = nextDeadline(call, context.now);
  const daysLeft = daysLeftOf(nextDeadlineAt ? new Date(nextDeadlineAt) : null, context.now);
  return {
    callId: call.callId,
    identifier: call.identifier,
    title: call.title,
    programme: call.programme,
    deadlines: call.deadlines.map((deadline) => ({ at: deadline.at, stage: deadline.stage })),
    nextDeadlineAt,
    daysLeft,
    budget: digestBudget(call.budget),
    score: Math.round(call.score * 10) / 10,
    why: explanationLine(call.explanation, daysLeft, context.language),
    // Only https leaves in a mail: anything else (http, javascript:, data:) is dropped here.
    sourceUrl: /^https:\/\//i.test(call.sourceUrl) ? call.sourceUrl : null,
    apiUrl: `${context.publicBaseUrl.replace(/\/$/, '')}/v1/calls/${call.callId}`,
  };
}

function section<Item>(items: Item[]): DigestSection<Item> {
  return { items: items.slice(0, SECTION_LIMIT), more: Math.max(0, items.length - SECTION_LIMIT) };
}

const byScore = (a: DepartmentCall, b: DepartmentCall) =>
  b.score - a.score || (a.callId < b.callId ? -1 : 1);

/**
 * The three sections for one recipient: New (at or above the threshold and never shown to
 * them), Changed (shown, and changed since), Closing soon (shown, next deadline within 14
 * days). A call in Changed may close soon too: each section answers its own question.
 */
export function decideSections(
  calls: DepartmentCall[],
  shown: Map<string, ShownSnapshot>,
  options: ItemContext & { minScore: number },
): DigestContent['sections'] {
  const { now, minScore } = options;
  const sorted = [...calls].sort(byScore);
  const fresh = sorted.filter((call) => !shown.has(call.callId) && call.score >= minScore);
  const changed: ChangedDigestItem[] = [];
  for (const call of sorted) {
    const snapshot = shown.get(call.callId);
    const changes = snapshot ? changesSince(snapshot, call) : [];
    if (changes.length > 0) changed.push({ ...digestItem(call, options), changes });
  }
  const horizon = now.getTime() + CLOSING_SOON_DAYS * DAY_MS;
  const closing = sorted
    .filter((call) => shown.has(call.callId))
    .map((call) => digestItem(call, options))
    .filter((item) => item.nextDeadlineAt !== null && Date.parse(item.nextDeadlineAt) <= horizon)
    .sort((a, b) => Date.parse(a.nextDeadlineAt ?? '') - Date.parse(b.nextDeadlineAt ?? ''));
  return {
    new: section(fresh.map((call) => digestItem(call, options))),
    changed: section(changed),
    closingSoon: section(closing),
  };
}

/** Nothing new, changed or closing: not sent unless the tenant asks for empty digests. */
export function isEmpty(sections: DigestContent['sections']): boolean {
  return Object.values(sections).every((part) => part.items.length === 0 && part.more === 0);
}

/** The calls a recipient is shown by these sections: what digest_shown records. */
export function shownCallIds(sections: DigestContent['sections']): Set<string> {
  return new Set(
    [sections.new, sections.changed, sections.closingSoon].flatMap((part) =>
      part.items.map((item) => item.callId),
    ),
  );
}
