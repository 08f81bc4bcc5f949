import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestContent, DigestItem, DigestLanguage } from '../../src/digests/content-types.js';
import { renderDigest } from '../../src/digests/render/index.js';
import { recordedDigestContent } from '../helpers/digest-content.js';
import { parseMailHtml } from '../helpers/mail-html.js';

/** What a reader of each language must see; the templates are checked against these words. */
const expected = {
  sv: {
    locale: 'sv-SE',
    week: 'vecka 26',
    headings: ['Nya utlysningar', 'Ändrade utlysningar', 'Stänger snart'],
    more: (n: number) => `och ${n} till`,
    days: (n: number) => (n === 1 ? 'om 1 dag' : `om ${n} dagar`),
    empty: 'inget nytt',
    unsubscribe: 'Avsluta prenumerationen',
  },
  nb: {
    locale: 'nb-NO',
    week: 'uke 26',
    headings: ['Nye utlysninger', 'Endrede utlysninger', 'Stenger snart'],
    more: (n: number) => `og ${n} til`,
    days: (n: number) => (n === 1 ? 'om 1 dag' : `om ${n} dager`),
    empty: 'ingenting nytt',
    unsubscribe: 'Avslutt abonnementet',
  },
  en: {
    locale: 'en-GB',
    week: 'week 26',
    headings: ['New calls', 'Changed calls', 'Closing soon'],
    more: (n: number) => `and ${n} more`,
    days: (n: number) => (n === 1 ? 'in 1 day' : `in ${n} days`),
    empty: 'nothing new',
    unsubscribe: 'Unsubscribe',
  },
} as const;

const languages = Object.keys(expected) as DigestLanguage[];
const contents = new Map<DigestLanguage, DigestContent>();

beforeAll(async () => {
  for (const language of languages)
    contents.set(language, await recordedDigestContent({ language }));
});

const contentOf = (language: DigestLanguage) =>
  structuredClone(contents.get(language) as DigestContent);
const sectionsOf = (content: DigestContent) => [
  content.sections.new,
  content.sections.changed,
  content.sections.closingSoon,
];
const itemsOf = (content: DigestContent): DigestItem[] =>
  sectionsOf(content).flatMap((s) => s.items);

describe.each(languages)('a department digest in %s', (language) => {
  const words = expected[language];

  it('says the week, the department and each section’s count in the subject', () => {
    const content = contentOf(language);
    const { subject } = renderDigest(content);
    expect(subject).toContain(words.week);
    expect(subject).toContain(content.department.name);
    for (const section of sectionsOf(content)) {
      expect(section.items.length).toBeGreaterThan(0);
      expect(subject).toContain(String(section.items.length + section.more));
    }
  });

  it('has the language’s headings and every call, in both parts', () => {
    const content = contentOf(language);
    const { html, text } = renderDigest(content);
    const mail = parseMailHtml(html);
    expect(mail.elements.find((element) => element.name === 'html')?.attributes.lang).toBe(
      language,
    );
    for (const heading of words.headings) {
      expect(mail.text).toContain(heading);
      expect(text).toContain(heading);
    }
    for (const item of itemsOf(content)) {
      expect(mail.text).toContain(item.title.replace(/\s+/g, ' ').trim());
      expect(mail.anchors.map((anchor) => anchor.href)).toContain(item.apiUrl);
      expect(text).toContain(item.apiUrl);
    }
  });

  it('shows deadlines in the tenant’s zone through Intl, with days left in the right plural', () => {
    const content = contentOf(language);
    const [first, second] = content.sections.new.items as [DigestItem, DigestItem];
    first.daysLeft = 1;
    second.daysLeft = 2;
    const { html, text } = renderDigest(content);
    const mail = parseMailHtml(html);
    const intl = new Intl.DateTimeFormat(words.locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: content.timeZone,
    });
    for (const item of itemsOf(content))
      for (const deadline of item.deadlines) {
        const shown = intl.format(new Date(deadline.at));
        // Deadlines already passed are left out: only the next one and those after it count.
        const ahead = item.nextDeadlineAt !== null && deadline.at >= item.nextDeadlineAt;
        expect(mail.text.includes(shown), shown).toBe(ahead);
        expect(text.includes(shown), shown).toBe(ahead);
      }
    for (const days of [1, 2]) {
      expect(mail.text).toContain(`(${words.days(days)})`);
      expect(text).toContain(`(${words.days(days)})`);
    }
  });

  it('formats budgets as money of the locale', () => {
    const content = contentOf(language);
    const { text } = renderDigest(content);
    const budgeted = itemsOf(content).filter((item) => item.budget?.total);
    expect(budgeted.length).toBeGreaterThan(0);
    for (const item of budgeted) {
      const budget = item.budget as { currency: string; total: number };
      const money = new Intl.NumberFormat(words.locale, {
        style: 'currency',
        currency: budget.currency,
        maximumFractionDigits: 0,
      }).format(budget.total);
      expect(text).toContain(money);
    }
  });

  it('cuts each section to its best items with "and K more" linking to all matches', () => {
    const content = contentOf(language);
    const { html, text } = renderDigest(content);
    const anchors = parseMailHtml(html).anchors;
    for (const section of sectionsOf(content).filter((s) => s.more > 0)) {
      const more = anchors.filter((anchor) => anchor.text.startsWith(words.more(section.more)));
      expect(more.map((anchor) => anchor.href)).toContain(content.links.allMatches);
      expect(text).toContain(`${words.more(section.more)}`);
    }
  });

  it('has the unsubscribe and preferences links in both parts', () => {
    const content = contentOf(language);
    const { html, text } = renderDigest(content);
    const anchors = parseMailHtml(html).anchors;
    expect(anchors).toContainEqual({ href: content.links.unsubscribe, text: words.unsubscribe });
    expect(anchors.map((anchor) => anchor.href)).toContain(content.links.preferences);
    expect(text).toContain(`${words.unsubscribe}: ${content.links.unsubscribe}`);
    expect(text).toContain(content.links.preferences);
  });

  it('says an empty digest is empty', () => {
    const content = contentOf(language);
    for (const section of sectionsOf(content)) {
      section.items = [];
      section.more = 0;
    }
    const { subject, text } = renderDigest(content);
    expect(subject).toContain(words.empty);
    for (const heading of words.headings) expect(text).not.toContain(heading);
  });
});

describe('deadlines of a two-stage call', () => {
  it('leave out a stage that passed and name the one ahead', () => {
    const content = contentOf('sv');
    const item = content.sections.new.items[0] as DigestItem;
    const next = item.nextDeadlineAt as string;
    const passed = new Date(Date.parse(content.generatedAt) - 30 * 86_400_000).toISOString();
    item.deadlines = [
      { at: passed, stage: 1 },
      { at: next, stage: 2 },
    ];
    const { text } = renderDigest(content);
    const intl = new Intl.DateTimeFormat('sv-SE', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: content.timeZone,
    });
    expect(text).not.toContain(intl.format(new Date(passed)));
    expect(text).toContain(
      `Sista dag: steg 2: ${intl.format(new Date(next))} (om ${item.daysLeft} dagar)`,
    );
  });
});

describe('what changed', () => {
  it('is one sentence per change, dates as the reader says them', () => {
    const content = contentOf('en');
    const { text } = renderDigest(content);
    const dayMonth = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      timeZone: content.timeZone,
    });
    for (const item of content.sections.changed.items)
      for (const change of item.changes)
        if (change.kind === 'deadline' && change.from && change.to)
          expect(text).toContain(
            `Deadline moved from ${dayMonth.format(new Date(change.from))} to ${dayMonth.format(new Date(change.to))}.`,
          );
  });

  it('tells an opening and a budget that appeared', () => {
    const content = contentOf('sv');
    const item = content.sections.changed
      .items[0] as DigestContent['sections']['changed']['items'][0];
    item.changes = [
      { kind: 'opened' },
      { kind: 'budget', from: null, to: { currency: 'EUR', total: 1_500_000 } },
    ];
    const { text } = renderDigest(content);
    expect(text).toContain('Utlysningen har öppnat.');
    expect(text).toContain(
      `Budget angiven: ${new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(1_500_000)}.`,
    );
  });
});

describe('the two parts', () => {
  it('lays the HTML out as one column of tables with inline styles only', () => {
    const mail = parseMailHtml(renderDigest(contentOf('sv')).html);
    const names = new Set(mail.elements.map((element) => element.name));
    for (const absent of ['style', 'link', 'img', 'script']) expect(names.has(absent)).toBe(false);
    const tables = mail.elements.filter((element) => element.name === 'table');
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table.attributes.role).toBe('presentation');
    expect(tables.some((table) => /max-width:600px/.test(table.attributes.style ?? ''))).toBe(true);
    expect(mail.elements.filter((element) => 'class' in element.attributes)).toEqual([]);
    // One column: no row of the layout has two cells side by side.
    expect(mail.cellsPerRow.length).toBeGreaterThan(itemsOf(contentOf('sv')).length);
    expect(new Set(mail.cellsPerRow)).toEqual(new Set([1]));
  });

  it('writes the text part for text: no markup, prose within 72 columns, links whole', () => {
    const content = contentOf('sv');
    const { text } = renderDigest(content);
    expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(text).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
    const long = text.split('\n').filter((line) => [...line].length > 72);
    for (const line of long) expect(line).toMatch(/: https:\/\/\S+$/);
    const lines = new Set(text.split('\n').map((line) => line.trim()));
    for (const item of itemsOf(content)) expect(lines).toContain(`I callradar: ${item.apiUrl}`);
  });

  it('renders the same content to the same message (a resend is the decided message)', () => {
    expect(renderDigest(contentOf('nb'))).toEqual(renderDigest(contentOf('nb')));
  });
});
