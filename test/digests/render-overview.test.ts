import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestLanguage, OverviewContent } from '../../src/digests/content-types.js';
import { renderDigest } from '../../src/digests/render/index.js';
import { recordedOverviewContent } from '../helpers/digest-content.js';
import { parseMailHtml } from '../helpers/mail-html.js';

const words = {
  sv: {
    week: 'vecka 26',
    recipients: (n: number) => `${n} mottagare`,
    unrouted: 'Nya utlysningar som ingen förvaltning fick',
    problems: 'Problem med källor',
    more: (n: number) => `och ${n} till`,
    degraded: 'störd',
  },
  nb: {
    week: 'uke 26',
    recipients: (n: number) => (n === 1 ? '1 mottaker' : `${n} mottakere`),
    unrouted: 'Nye utlysninger ingen enhet fikk',
    problems: 'Problemer med kilder',
    more: (n: number) => `og ${n} til`,
    degraded: 'forstyrret',
  },
  en: {
    week: 'week 26',
    recipients: (n: number) => (n === 1 ? '1 recipient' : `${n} recipients`),
    unrouted: 'New calls no department got',
    problems: 'Source problems',
    more: (n: number) => `and ${n} more`,
    degraded: 'degraded',
  },
} as const;

const languages = Object.keys(words) as DigestLanguage[];
const overviews = new Map<DigestLanguage, OverviewContent>();

beforeAll(async () => {
  for (const language of languages)
    overviews.set(language, await recordedOverviewContent(language));
});

const total = (section: { items: unknown[]; more: number }) => section.items.length + section.more;

describe.each(languages)('the coordinator overview in %s', (language) => {
  it('counts departments and new calls in the subject', () => {
    const overview = overviews.get(language) as OverviewContent;
    const { subject } = renderDigest(overview);
    const newCalls = overview.departments.reduce((sum, d) => sum + total(d.sections.new), 0);
    expect(subject).toContain(words[language].week);
    expect(subject).toContain(overview.tenant.name);
    expect(subject).toContain(String(overview.departments.length));
    expect(subject).toContain(String(newCalls));
  });

  it('shows what each department was sent, with its recipients and best items', () => {
    const overview = overviews.get(language) as OverviewContent;
    const { html, text } = renderDigest(overview);
    const mail = parseMailHtml(html);
    for (const department of overview.departments) {
      expect(mail.text).toContain(department.name);
      expect(mail.text).toContain(words[language].recipients(department.recipients));
      expect(text).toContain(
        `${department.name}: ${words[language].recipients(department.recipients)}`,
      );
      for (const section of Object.values(department.sections)) {
        for (const item of section.items) {
          expect(mail.anchors.map((anchor) => anchor.text)).toContain(
            item.title.replace(/\s+/g, ' ').trim(),
          );
          expect(text).toContain(item.sourceUrl ?? item.apiUrl);
        }
        if (section.more > 0) expect(mail.text).toContain(words[language].more(section.more));
      }
    }
  });

  it('lists the calls no department got and the week’s source problems', () => {
    const overview = overviews.get(language) as OverviewContent;
    const { html, text } = renderDigest(overview);
    const mail = parseMailHtml(html);
    for (const part of [mail.text, text]) {
      expect(part).toContain(words[language].unrouted);
      expect(part).toContain(words[language].problems);
      for (const item of overview.unrouted.items)
        expect(part.replace(/\s+/g, ' ')).toContain(item.title);
      expect(part).toContain(words[language].more(overview.unrouted.more));
      for (const problem of overview.sourceProblems) {
        expect(part).toContain(problem.name);
        expect(part).toContain(problem.detail);
        expect(problem.status).toBe('degraded');
        expect(part).toContain(`${problem.name} (${words[language].degraded}): ${problem.detail}`);
      }
    }
    expect(mail.anchors.map((anchor) => anchor.href)).toContain(overview.links.allMatches);
  });
});
