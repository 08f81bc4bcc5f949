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

/**
 * Intl formatters cost far more to make than to use (a DateTimeFormat loads locale and zone
 * data: about a millisecond each, against microseconds per format), and a batch renders
 * thousands of digests in a handful of languages and zones. They are immutable, so one per
 * (locale, zone) serves every render in the process.
 */
interface Formatters {
  plurals: Intl.PluralRules;
  numbers: Intl.NumberFormat;
  dates: InstantFormat;
  dateTimes: InstantFormat;
  yearOf: InstantFormat;
  dayMonth: InstantFormat;
  list: Intl.ListFormat;
}

/** An ISO instant as text; the same deadlines recur in every department's digest of a batch. */
type InstantFormat = { format(iso: string): string };

/** Remembered answers per formatter, forgotten wholesale past a bound so memory stays flat. */
const REMEMBERED_INSTANTS = 10_000;

function instantFormat(locale: string, options: Intl.DateTimeFormatOptions): InstantFormat {
  const formatter = new Intl.DateTimeFormat(locale, options);
  const known = new Map<string, string>();
  return {
    format(iso) {
      let text = known.get(iso);
      if (text === undefined) {
        if (known.size >= REMEMBERED_INSTANTS) known.clear();
        text = formatter.format(new Date(iso));
        known.set(iso, text);
      }
      return text;
    },
  };
}

const formattersByZone = new Map<string, Formatters>();
const moneyByCurrency = new Map<string, Intl.NumberFormat>();

function formattersFor(locale: string, timeZone: string): Formatters {
  const key = `${locale} ${timeZone}`;
  let made = formattersByZone.get(key);
  if (!made) {
    made = {
      plurals: new Intl.PluralRules(locale),
      numbers: new Intl.NumberFormat(locale),
      dates: instantFormat(locale, { dateStyle: 'long', timeZone }),
      dateTimes: instantFormat(locale, {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone,
      }),
      yearOf: instantFormat('en', { year: 'numeric', timeZone }),
      dayMonth: instantFormat(locale, { day: 'numeric', month: 'long', timeZone }),
      list: new Intl.ListFormat(locale, { type: 'conjunction' }),
    };
    formattersByZone.set(key, made);
  }
  return made;
}

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale} ${currency}`;
  let made = moneyByCurrency.get(key);
  if (!made) {
    made = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
    moneyByCurrency.set(key, made);
  }
  return made;
}

export function digestFormat(
  language: DigestLanguage,
  timeZone: string,
  generatedAt: string,
): DigestFormat {
  const words = digestMessages[language] ?? digestMessages.en;
  const { locale } = words;
  const { plurals, numbers, dates, dateTimes, yearOf, dayMonth, list } = formattersFor(
    locale,
    timeZone,
  );
  const currentYear = yearOf.format(generatedAt);

  const count = (forms: PluralForms, n: number) => {
    const form = forms[plurals.select(n) as keyof PluralForms] ?? forms.other;
    return form.replace('{n}', numbers.format(n));
  };

  // "12 March to 2 April" reads better than with the year, as long as both are this year.
  const changeDate = (iso: string) =>
    yearOf.format(iso) === currentYear ? dayMonth.format(iso) : dates.format(iso);

  const money = (budget: DigestBudget) => {
    if (budget.total === null) return null;
    // Intl throws on a code that is not three letters; a scraped currency may be anything.
    if (!/^[A-Z]{3}$/.test(budget.currency))
      return `${numbers.format(budget.total)} ${budget.currency}`.trim();
    return moneyFormat(locale, budget.currency).format(budget.total);
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
    const when = dateTimes.format(entry.at);
    const next =
      item.nextDeadlineAt !== null && Date.parse(item.nextDeadlineAt) === Date.parse(entry.at);
    return next && item.daysLeft !== null ? `${when} (${daysLeft(item.daysLeft)})` : when;
  };

  return {
    language,
    words,
    date: (iso) => dates.format(iso),
    dateTime: (iso) => dateTimes.format(iso),
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
