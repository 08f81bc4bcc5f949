import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import type { NormalisedCall } from '../../scrapers/types.js';
import type {
  ChangedDigestItem,
  DigestContent,
  DigestItem,
  DigestLanguage,
  OverviewContent,
} from '../../src/digests/content-types.js';
import { explanationLine } from '../../src/matching/explain.js';
import { collectFtPortalSnapshot } from '../../src/sources/ft-portal.js';
import { dailySnapshotFolder } from './raw-snapshots.js';

/**
 * Digest content made of real recorded calls (titles, programmes, deadlines and budgets as
 * the portal sent them), without a database: what the renderer gets is plain data, so its
 * tests need only the calls. Which calls land in which section is picked by their dates the
 * way the planner's rules read (closing soon = a deadline within 14 days), and every count
 * a test checks is taken from the content made here, never typed in.
 */

export const RECORDED_DAY = '2026-06-25';
export const BASE_URL = 'https://callradar.example.se';
const DAY_MS = 86_400_000;

const readDays = new Map<string, Promise<NormalisedCall[]>>();

/** The calls of a recorded day, read once per test file (the content is never mutated). */
export function recordedCalls(day = RECORDED_DAY): Promise<NormalisedCall[]> {
  const known = readDays.get(day);
  if (known) return known;
  const reading = collectFtPortalSnapshot(
    dailySnapshotFolder(day),
    startOfLocalDay(day, BRUSSELS),
  ).then((result) => result.records);
  readDays.set(day, reading);
  return reading;
}

/** A recorded call as a digest item, as of `now`, with a why line in the language. */
export function digestItemOf(
  call: NormalisedCall,
  now: Date,
  language: DigestLanguage,
): DigestItem {
  const deadlines = [...call.deadlines].sort(
    (a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime(),
  );
  const next = deadlines.find((deadline) => deadline.deadlineAt > now) ?? null;
  const daysLeft = next ? Math.floor((next.deadlineAt.getTime() - now.getTime()) / DAY_MS) : null;
  const why = explanationLine(
    {
      concepts: [],
      keywords: call.keywords.slice(0, 2),
      programme: call.programmeName,
      localAuthorities: call.applicantTypes.includes('public-bodies'),
      action: null,
      likeRelevant: null,
      likeNotRelevant: null,
    },
    daysLeft,
    language,
  );
  return {
    callId: call.naturalKey,
    identifier: call.identifier,
    title: call.title,
    programme: call.programmeName,
    deadlines: deadlines.map((deadline) => ({
      at: deadline.deadlineAt.toISOString(),
      stage: deadline.stage,
    })),
    nextDeadlineAt: next ? next.deadlineAt.toISOString() : null,
    daysLeft,
    budget: call.budget ? { currency: call.budget.currency, total: call.budget.total } : null,
    score: 70,
    why,
    sourceUrl: call.sourceUrl,
    apiUrl: `${BASE_URL}/v1/calls/${encodeURIComponent(call.naturalKey)}`,
  };
}

export interface ContentOptions {
  language: DigestLanguage;
  /** Items shown per section; the rest of the picked calls are the section's `more`. */
  perSection?: number;
  department?: { key: string; name: string };
}

/** Calls whose next deadline is ahead of now, earliest deadline first. */
function ahead(calls: NormalisedCall[], now: Date): NormalisedCall[] {
  const nextOf = (call: NormalisedCall) =>
    Math.min(...call.deadlines.map((d) => d.deadlineAt.getTime()).filter((t) => t > now.getTime()));
  return calls
    .filter((call) => call.deadlines.some((deadline) => deadline.deadlineAt > now))
    .sort((a, b) => nextOf(a) - nextOf(b) || a.identifier.localeCompare(b.identifier));
}

/**
 * A department digest of the recorded day: closing soon = the calls due within 14 days;
 * new = Erasmus+ calls due later; changed = the next later calls, each told a deadline move
 * (three weeks earlier before) and, when it has a budget, a budget change.
 */
export async function recordedDigestContent(options: ContentOptions): Promise<DigestContent> {
  const perSection = options.perSection ?? 4;
  const now = startOfLocalDay(RECORDED_DAY, BRUSSELS);
  const open = ahead(await recordedCalls(), now);
  const soon = open.filter((call) =>
    call.deadlines.some((d) => d.deadlineAt.getTime() - now.getTime() <= 14 * DAY_MS),
  );
  const later = open.filter((call) => !soon.includes(call));
  const erasmus = later.filter((call) => /erasmus/i.test(call.programmeName ?? ''));
  const others = later.filter((call) => !erasmus.includes(call)).slice(0, perSection + 2);
  const item = (call: NormalisedCall) => digestItemOf(call, now, options.language);
  const changed: ChangedDigestItem[] = others.map((call) => {
    const base = item(call);
    const to = base.nextDeadlineAt as string;
    const from = new Date(Date.parse(to) - 21 * DAY_MS).toISOString();
    const changes: ChangedDigestItem['changes'] = [{ kind: 'deadline', from, to }];
    if (base.budget?.total)
      changes.push({
        kind: 'budget',
        from: { ...base.budget, total: base.budget.total / 2 },
        to: base.budget,
      });
    return { ...base, changes };
  });
  const section = <T>(items: T[]) => ({
    items: items.slice(0, perSection),
    more: Math.max(0, items.length - perSection),
  });
  return {
    kind: 'department',
    language: options.language,
    timeZone: options.language === 'nb' ? 'Europe/Oslo' : 'Europe/Stockholm',
    tenant: { slug: 'lidingo', name: 'Lidingö stad' },
    department: options.department ?? { key: 'education', name: 'Utbildningsförvaltningen' },
    period: {
      from: new Date(now.getTime() - 7 * DAY_MS).toISOString(),
      to: now.toISOString(),
      label: '2026-W26',
    },
    generatedAt: now.toISOString(),
    sections: {
      new: section(erasmus.map(item)),
      changed: section(changed),
      closingSoon: section(soon.map(item)),
    },
    links: {
      allMatches: `${BASE_URL}/v1/departments/education/matches`,
      unsubscribe: `${BASE_URL}/v1/digests/unsubscribe/token-of-this-recipient`,
      preferences: `${BASE_URL}/v1/digests/preferences/token-of-this-recipient`,
    },
  };
}

/** The coordinator's overview of two departments' digests and the calls no department got. */
export async function recordedOverviewContent(language: DigestLanguage): Promise<OverviewContent> {
  const education = await recordedDigestContent({ language, perSection: 2 });
  const social = await recordedDigestContent({
    language,
    perSection: 1,
    department: { key: 'social', name: 'Socialförvaltningen' },
  });
  const unrouted = social.sections.changed.items.slice(0, 1).map(({ changes: _, ...item }) => item);
  return {
    kind: 'overview',
    language,
    timeZone: education.timeZone,
    tenant: education.tenant,
    period: education.period,
    generatedAt: education.generatedAt,
    departments: [
      {
        key: 'education',
        name: education.department.name,
        recipients: 3,
        sections: education.sections,
      },
      { key: 'social', name: social.department.name, recipients: 1, sections: social.sections },
    ],
    unrouted: { items: unrouted, more: 2 },
    sourceProblems: [
      {
        sourceId: 'interreg-algolia',
        name: 'Interreg calls',
        status: 'degraded',
        detail: 'page parsed to zero items',
      },
    ],
    links: { allMatches: `${BASE_URL}/v1/matches` },
  };
}
