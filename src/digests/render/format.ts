import type {
  DigestBudget,
  DigestChange,
  DigestDeadline,
  DigestItem,
  DigestLanguage,
} from '../content-types.js';
import { type DigestMessages, digestMessages, type PluralForms } from './messages.js';

/** What every template needs: the words of the language and Intl formatters in the tenant's zone. */
export interface DigestFormat {
  language: DigestLanguage;
  words: DigestMessages;
  /** "2 april 2026" */
  date(iso: string): string;
  /** "2 april 2026 kl. 17:00": deadlines carry their hour (Brussels 17:00 is 17:00 in Stockholm). */
  dateTime(iso: string): string;
  /** A count in its plural form, the number formatted for the locale. */
  count(forms: PluralForms, n: number): string;
  budget(budget: DigestBudget | null): string | null;
  /** "2 april 2026 kl. 17:00 (om 12 dagar)", or both stages of a two-stage call. */
  deadlines(item: Pick<DigestItem, 'deadlines' | 'nextDeadlineAt' | 'daysLeft'>): string;
  /** One sentence per change: "Sista dagen flyttad från 12 mars till 2 april." */
  change(change: DigestChange): string;
  /** The period label as people say it: ISO week 2026-W26 → "vecka 26". */
  period(label: string): string;
  /** "3 nya, 1 ändrad, 2 stänger snart", or "inget nytt". */
  summary(counts: { new: number; changed: number; closingSoon: number }): string;
}

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/**
 * The deadlines a reader can still meet: from the next one on. A call with cut-offs since
 * 2022 lists them all, and past ones are noise in a weekly mail; when every deadline has
 * passed, the last one is kept so the reader sees the call is closed, not undated.
 */
export function upcoming(item: Pick<DigestItem, 'deadlines' | 'nextDeadlineAt'>): DigestDeadline[] {
  if (item.nextDeadlineAt === null) return item.deadlines.slice(-1);
  const next = Date.parse(item.nextDeadlineAt);
  return item.deadlines.filter((entry) => Date.parse(entry.at) >= next);
}

export function digestFormat(
  language: DigestLanguage,
  timeZone: string,
  generatedAt: string,
): DigestFormat {
  const words = digestMessages[language] ?? digestMessages.en;
  const { locale } = words;
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
  const dateTimes = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  });
  const yearOf = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone });
  const dayMonth = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone });
  const currentYear = yearOf.format(new Date(generatedAt));
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });

  const count = (forms: PluralForms, n: number) => {
    const form = forms[plurals.select(n) as keyof PluralForms] ?? forms.other;
    return form.replace('{n}', numbers.format(n));
  };

  // "12 March to 2 April" reads better than with the year, as long as both are this year.
  const changeDate = (iso: string) =>
    yearOf.format(new Date(iso)) === currentYear
      ? dayMonth.format(new Date(iso))
      : dates.format(new Date(iso));

  const money = (budget: DigestBudget) => {
    if (budget.total === null) return null;
    // Intl throws on a code that is not three letters; a scraped currency may be anything.
    if (!/^[A-Z]{3}$/.test(budget.currency))
      return `${numbers.format(budget.total)} ${budget.currency}`.trim();
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: budget.currency,
      maximumFractionDigits: 0,
    }).format(budget.total);
  };

  const daysLeft = (days: number) =>
    days === 0
      ? words.daysLeft.today
      : days > 0
        ? count(words.daysLeft.future, days)
        : count(words.daysLeft.past, -days);

  const deadline = (
    entry: DigestDeadline,
    item: Pick<DigestItem, 'nextDeadlineAt' | 'daysLeft'>,
  ) => {
    const when = dateTimes.format(new Date(entry.at));
    const next =
      item.nextDeadlineAt !== null && Date.parse(item.nextDeadlineAt) === Date.parse(entry.at);
    return next && item.daysLeft !== null ? `${when} (${daysLeft(item.daysLeft)})` : when;
  };

  return {
    language,
    words,
    date: (iso) => dates.format(new Date(iso)),
    dateTime: (iso) => dateTimes.format(new Date(iso)),
    count,
    budget: (budget) => (budget ? money(budget) : null),
    deadlines(item) {
      const shown = upcoming(item);
      if (shown.length === 0) return words.noDeadline;
      if (item.deadlines.length === 1) return deadline(shown[0] as DigestDeadline, item);
      return shown
        .map((entry) => `${words.labels.stage(entry.stage)}: ${deadline(entry, item)}`)
        .join('; ');
    },
    change(change) {
      if (change.kind === 'opened') return words.changes.opened;
      if (change.kind === 'deadline') {
        if (change.from && change.to)
          return words.changes.deadlineMoved(changeDate(change.from), changeDate(change.to));
        if (change.to) return words.changes.deadlineSet(changeDate(change.to));
        return words.changes.deadlineRemoved(change.from ? changeDate(change.from) : '');
      }
      const from = change.from ? money(change.from) : null;
      const to = change.to ? money(change.to) : null;
      if (from && to) return words.changes.budgetChanged(from, to);
      if (to) return words.changes.budgetSet(to);
      return words.changes.budgetRemoved(from ?? '');
    },
    period(label) {
      const week = ISO_WEEK.exec(label);
      return week ? words.week(String(Number(week[2]))) : label;
    },
    summary(counts) {
      const parts = [
        counts.new > 0 ? count(words.counts.new, counts.new) : null,
        counts.changed > 0 ? count(words.counts.changed, counts.changed) : null,
        counts.closingSoon > 0 ? count(words.counts.closingSoon, counts.closingSoon) : null,
      ].filter((part): part is string => part !== null);
      return parts.length === 0 ? words.counts.nothing : list.format(parts);
    },
  };
}

/** Items shown plus those cut: what a section counts in the subject and the overview. */
export function sectionTotal(section: { items: unknown[]; more: number }): number {
  return section.items.length + section.more;
}
