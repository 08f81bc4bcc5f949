import type { DigestLanguage } from '../content-types.js';

/**
 * Plural forms by Intl.PluralRules category. Swedish, Bokmål and English only use `one` and
 * `other`, but the categories come from the rules, not from `n === 1`, so a language with
 * more forms is one more entry here, not a code change.
 */
export type PluralForms = { one: string; other: string } & Partial<
  Record<'zero' | 'two' | 'few' | 'many', string>
>;

/** Every word a digest or an overview says, per language. `{n}` is the formatted count. */
export interface DigestMessages {
  /** BCP 47 locale Intl formats with (region picks the Nordic/British date order). */
  locale: string;
  week: (week: string) => string;
  subject: {
    digest: (department: string, period: string, summary: string) => string;
    overview: (tenant: string, period: string, summary: string) => string;
  };
  counts: {
    new: PluralForms;
    changed: PluralForms;
    closingSoon: PluralForms;
    nothing: string;
    calls: PluralForms;
    departments: PluralForms;
    recipients: PluralForms;
  };
  intro: (department: string, tenant: string, from: string, to: string) => string;
  overviewIntro: (tenant: string, from: string, to: string) => string;
  headings: {
    new: string;
    changed: string;
    closingSoon: string;
    departments: string;
    unrouted: string;
    sourceProblems: string;
  };
  emptySection: string;
  empty: string;
  noSourceProblems: string;
  /** A source's health as the sources API names it; an unknown one is shown as it is. */
  sourceStatus: Record<string, string>;
  noUnrouted: string;
  labels: {
    programme: string;
    deadline: string;
    deadlines: string;
    stage: (stage: number) => string;
    budget: string;
    why: string;
    identifier: string;
    source: string;
    api: string;
    score: string;
  };
  daysLeft: { today: string; future: PluralForms; past: PluralForms };
  noDeadline: string;
  more: PluralForms;
  seeAll: string;
  changes: {
    deadlineMoved: (from: string, to: string) => string;
    deadlineSet: (to: string) => string;
    deadlineRemoved: (from: string) => string;
    opened: string;
    budgetChanged: (from: string, to: string) => string;
    budgetSet: (to: string) => string;
    budgetRemoved: (from: string) => string;
  };
  footer: {
    why: (department: string, tenant: string) => string;
    overviewWhy: (tenant: string) => string;
    preferences: string;
    unsubscribe: string;
  };
}

const sv: DigestMessages = {
  locale: 'sv-SE',
  week: (week) => `vecka ${week}`,
  subject: {
    digest: (department, period, summary) => `Utlysningar ${period}: ${summary} – ${department}`,
    overview: (tenant, period, summary) => `Översikt ${period}: ${summary} – ${tenant}`,
  },
  counts: {
    new: { one: '{n} ny', other: '{n} nya' },
    changed: { one: '{n} ändrad', other: '{n} ändrade' },
    closingSoon: { one: '{n} stänger snart', other: '{n} stänger snart' },
    nothing: 'inget nytt',
    calls: { one: '{n} utlysning', other: '{n} utlysningar' },
    departments: { one: '{n} förvaltning', other: '{n} förvaltningar' },
    recipients: { one: '{n} mottagare', other: '{n} mottagare' },
  },
  intro: (department, tenant, from, to) =>
    `Utlysningar för ${department}, ${tenant}, från ${from} till ${to}.`,
  overviewIntro: (tenant, from, to) =>
    `Vad varje förvaltning i ${tenant} fick från ${from} till ${to}.`,
  headings: {
    new: 'Nya utlysningar',
    changed: 'Ändrade utlysningar',
    closingSoon: 'Stänger snart',
    departments: 'Förvaltningarnas utskick',
    unrouted: 'Nya utlysningar som ingen förvaltning fick',
    sourceProblems: 'Problem med källor',
  },
  emptySection: 'Inget den här gången.',
  empty: 'Inga nya, ändrade eller snart stängande utlysningar den här perioden.',
  noSourceProblems: 'Alla källor fungerade.',
  sourceStatus: { degraded: 'störd', failing: 'fungerar inte' },
  noUnrouted: 'Inga.',
  labels: {
    programme: 'Program',
    deadline: 'Sista dag',
    deadlines: 'Sista dagar',
    stage: (stage) => `steg ${stage}`,
    budget: 'Budget',
    why: 'Varför',
    identifier: 'Id',
    source: 'Läs utlysningen',
    api: 'I callradar',
    score: 'Poäng',
  },
  daysLeft: {
    today: 'i dag',
    future: { one: 'om {n} dag', other: 'om {n} dagar' },
    past: { one: 'för {n} dag sedan', other: 'för {n} dagar sedan' },
  },
  noDeadline: 'Ingen sista dag angiven',
  more: { one: 'och {n} till', other: 'och {n} till' },
  seeAll: 'Se alla matchningar',
  changes: {
    deadlineMoved: (from, to) => `Sista dagen flyttad från ${from} till ${to}.`,
    deadlineSet: (to) => `Sista dag satt till ${to}.`,
    deadlineRemoved: (from) => `Sista dagen (${from}) är borttagen.`,
    opened: 'Utlysningen har öppnat.',
    budgetChanged: (from, to) => `Budgeten ändrad från ${from} till ${to}.`,
    budgetSet: (to) => `Budget angiven: ${to}.`,
    budgetRemoved: (from) => `Budgeten (${from}) anges inte längre.`,
  },
  footer: {
    why: (department, tenant) =>
      `Du får det här mejlet som kontaktperson för ${department}, ${tenant}.`,
    overviewWhy: (tenant) => `Du får den här översikten som samordnare för ${tenant}.`,
    preferences: 'Ändra inställningar',
    unsubscribe: 'Avsluta prenumerationen',
  },
};

const nb: DigestMessages = {
  locale: 'nb-NO',
  week: (week) => `uke ${week}`,
  subject: {
    digest: (department, period, summary) => `Utlysninger ${period}: ${summary} – ${department}`,
    overview: (tenant, period, summary) => `Oversikt ${period}: ${summary} – ${tenant}`,
  },
  counts: {
    new: { one: '{n} ny', other: '{n} nye' },
    changed: { one: '{n} endret', other: '{n} endret' },
    closingSoon: { one: '{n} stenger snart', other: '{n} stenger snart' },
    nothing: 'ingenting nytt',
    calls: { one: '{n} utlysning', other: '{n} utlysninger' },
    departments: { one: '{n} enhet', other: '{n} enheter' },
    recipients: { one: '{n} mottaker', other: '{n} mottakere' },
  },
  intro: (department, tenant, from, to) =>
    `Utlysninger for ${department}, ${tenant}, fra ${from} til ${to}.`,
  overviewIntro: (tenant, from, to) => `Hva hver enhet i ${tenant} fikk fra ${from} til ${to}.`,
  headings: {
    new: 'Nye utlysninger',
    changed: 'Endrede utlysninger',
    closingSoon: 'Stenger snart',
    departments: 'Enhetenes utsendelser',
    unrouted: 'Nye utlysninger ingen enhet fikk',
    sourceProblems: 'Problemer med kilder',
  },
  emptySection: 'Ingenting denne gangen.',
  empty: 'Ingen nye, endrede eller snart stengende utlysninger i denne perioden.',
  noSourceProblems: 'Alle kilder fungerte.',
  sourceStatus: { degraded: 'forstyrret', failing: 'virker ikke' },
  noUnrouted: 'Ingen.',
  labels: {
    programme: 'Program',
    deadline: 'Frist',
    deadlines: 'Frister',
    stage: (stage) => `trinn ${stage}`,
    budget: 'Budsjett',
    why: 'Hvorfor',
    identifier: 'Id',
    source: 'Les utlysningen',
    api: 'I callradar',
    score: 'Poeng',
  },
  daysLeft: {
    today: 'i dag',
    future: { one: 'om {n} dag', other: 'om {n} dager' },
    past: { one: 'for {n} dag siden', other: 'for {n} dager siden' },
  },
  noDeadline: 'Ingen frist oppgitt',
  more: { one: 'og {n} til', other: 'og {n} til' },
  seeAll: 'Se alle treff',
  changes: {
    deadlineMoved: (from, to) => `Fristen er flyttet fra ${from} til ${to}.`,
    deadlineSet: (to) => `Frist satt til ${to}.`,
    deadlineRemoved: (from) => `Fristen (${from}) er fjernet.`,
    opened: 'Utlysningen har åpnet.',
    budgetChanged: (from, to) => `Budsjettet er endret fra ${from} til ${to}.`,
    budgetSet: (to) => `Budsjett oppgitt: ${to}.`,
    budgetRemoved: (from) => `Budsjettet (${from}) oppgis ikke lenger.`,
  },
  footer: {
    why: (department, tenant) =>
      `Du får denne e-posten som kontaktperson for ${department}, ${tenant}.`,
    overviewWhy: (tenant) => `Du får denne oversikten som koordinator for ${tenant}.`,
    preferences: 'Endre innstillinger',
    unsubscribe: 'Avslutt abonnementet',
  },
};

const en: DigestMessages = {
  locale: 'en-GB',
  week: (week) => `week ${week}`,
  subject: {
    digest: (department, period, summary) => `Funding calls, ${period}: ${summary} – ${department}`,
    overview: (tenant, period, summary) => `Overview, ${period}: ${summary} – ${tenant}`,
  },
  counts: {
    new: { one: '{n} new', other: '{n} new' },
    changed: { one: '{n} changed', other: '{n} changed' },
    closingSoon: { one: '{n} closing soon', other: '{n} closing soon' },
    nothing: 'nothing new',
    calls: { one: '{n} call', other: '{n} calls' },
    departments: { one: '{n} department', other: '{n} departments' },
    recipients: { one: '{n} recipient', other: '{n} recipients' },
  },
  intro: (department, tenant, from, to) =>
    `Funding calls for ${department}, ${tenant}, from ${from} to ${to}.`,
  overviewIntro: (tenant, from, to) =>
    `What each department of ${tenant} was sent from ${from} to ${to}.`,
  headings: {
    new: 'New calls',
    changed: 'Changed calls',
    closingSoon: 'Closing soon',
    departments: 'What departments were sent',
    unrouted: 'New calls no department got',
    sourceProblems: 'Source problems',
  },
  emptySection: 'Nothing this time.',
  empty: 'No new, changed or closing calls in this period.',
  noSourceProblems: 'Every source worked.',
  sourceStatus: { degraded: 'degraded', failing: 'failing' },
  noUnrouted: 'None.',
  labels: {
    programme: 'Programme',
    deadline: 'Deadline',
    deadlines: 'Deadlines',
    stage: (stage) => `stage ${stage}`,
    budget: 'Budget',
    why: 'Why',
    identifier: 'Id',
    source: 'Read the call',
    api: 'In callradar',
    score: 'Score',
  },
  daysLeft: {
    today: 'today',
    future: { one: 'in {n} day', other: 'in {n} days' },
    past: { one: '{n} day ago', other: '{n} days ago' },
  },
  noDeadline: 'No deadline stated',
  more: { one: 'and {n} more', other: 'and {n} more' },
  seeAll: 'See all matches',
  changes: {
    deadlineMoved: (from, to) => `Deadline moved from ${from} to ${to}.`,
    deadlineSet: (to) => `Deadline set to ${to}.`,
    deadlineRemoved: (from) => `The deadline (${from}) was removed.`,
    opened: 'The call has opened.',
    budgetChanged: (from, to) => `Budget changed from ${from} to ${to}.`,
    budgetSet: (to) => `Budget stated: ${to}.`,
    budgetRemoved: (from) => `The budget (${from}) is no longer stated.`,
  },
  footer: {
    why: (department, tenant) => `You get this email as a contact for ${department}, ${tenant}.`,
    overviewWhy: (tenant) => `You get this overview as a coordinator for ${tenant}.`,
    preferences: 'Change preferences',
    unsubscribe: 'Unsubscribe',
  },
};

export const digestMessages: Record<DigestLanguage, DigestMessages> = { sv, nb, en };
