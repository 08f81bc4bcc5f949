import type { DigestItem, OverviewContent, RenderedDigest } from '../content-types.js';
import { itemHtml, moreText } from './department.js';
import { type DigestFormat, digestFormat, sectionTotal } from './format.js';
import {
  button,
  departmentBlock,
  footer,
  type Html,
  header,
  join,
  layout,
  moreRow,
  note,
  sectionHeading,
} from './html-partials.js';
import { itemView } from './item-view.js';
import { httpsUrl, plainText } from './safety.js';
import { itemText, linkLine, paragraphs, underline, wrap } from './text-partials.js';

type Department = OverviewContent['departments'][number];
const SECTION_ORDER = ['new', 'changed', 'closingSoon'] as const;

function departmentCounts(department: Department) {
  return {
    new: sectionTotal(department.sections.new),
    changed: sectionTotal(department.sections.changed),
    closingSoon: sectionTotal(department.sections.closingSoon),
  };
}

/** "Interreg calls (störd): page parsed to zero items" */
function problemLine(
  format: DigestFormat,
  problem: OverviewContent['sourceProblems'][number],
): string {
  const status = plainText(problem.status);
  const said = Object.hasOwn(format.words.sourceStatus, status)
    ? format.words.sourceStatus[status]
    : status;
  return `${plainText(problem.name)} (${said}): ${plainText(problem.detail)}`;
}

/** "Utbildningsförvaltningen: 3 mottagare; 3 nya, 1 ändrad" */
function departmentMeta(format: DigestFormat, department: Department): string {
  return `${format.count(format.words.counts.recipients, department.recipients)}; ${format.summary(departmentCounts(department))}`;
}

/** Each non-empty section of what a department was sent, by its best items. */
function departmentLists(format: DigestFormat, department: Department) {
  return SECTION_ORDER.filter((key) => sectionTotal(department.sections[key]) > 0).map((key) => {
    const section = department.sections[key];
    const entries = section.items.map((item: DigestItem) => {
      const view = itemView(item, format);
      return { text: view.title, url: view.sourceUrl ?? view.apiUrl, detail: view.deadline };
    });
    if (section.more > 0)
      entries.push({ text: format.count(format.words.more, section.more), url: null, detail: '' });
    return { heading: `${format.words.headings[key]} (${sectionTotal(section)})`, entries };
  });
}

function overviewHtml(content: OverviewContent, format: DigestFormat, intro: string): Html {
  const { words } = format;
  const tenant = plainText(content.tenant.name);
  const allMatches = httpsUrl(content.links.allMatches);
  const unrouted = sectionTotal(content.unrouted);
  return join([
    header(`${tenant} · ${format.period(content.period.label)}`, words.headings.departments, intro),
    ...content.departments.map((department) =>
      departmentBlock({
        name: plainText(department.name),
        meta: departmentMeta(format, department),
        lists: departmentLists(format, department),
      }),
    ),
    sectionHeading(words.headings.unrouted, unrouted > 0 ? String(unrouted) : null),
    unrouted === 0 ? note(words.noUnrouted) : null,
    ...content.unrouted.items.map((item) => itemHtml(itemView(item, format), format)),
    content.unrouted.more > 0 ? moreRow(moreText(format, content.unrouted.more), allMatches) : null,
    sectionHeading(
      words.headings.sourceProblems,
      content.sourceProblems.length > 0 ? String(content.sourceProblems.length) : null,
    ),
    content.sourceProblems.length === 0
      ? note(words.noSourceProblems)
      : join(content.sourceProblems.map((problem) => note(problemLine(format, problem)))),
    button(words.seeAll, allMatches),
    footer(words.footer.overviewWhy(tenant), []),
  ]);
}

function overviewText(content: OverviewContent, format: DigestFormat, intro: string): string {
  const { words } = format;
  const tenant = plainText(content.tenant.name);
  const allMatches = httpsUrl(content.links.allMatches);
  const departments = content.departments.map((department) => {
    const lists = departmentLists(format, department).map((list) =>
      [
        `  ${list.heading}`,
        ...list.entries.map((entry) =>
          [
            wrap(entry.text, '      ', '    - '),
            entry.detail ? `      ${entry.detail}` : null,
            entry.url ? `      ${entry.url}` : null,
          ]
            .filter(Boolean)
            .join('\n'),
        ),
      ].join('\n'),
    );
    return [`${plainText(department.name)}: ${departmentMeta(format, department)}`, ...lists].join(
      '\n',
    );
  });
  const unrouted = sectionTotal(content.unrouted);
  const unroutedItems = content.unrouted.items.map((item, index) =>
    itemText(index + 1, itemView(item, format), words.labels),
  );
  return paragraphs([
    underline(
      `${words.headings.departments} – ${tenant}, ${format.period(content.period.label)}`,
      '=',
    ),
    wrap(intro),
    ...departments,
    underline(`${words.headings.unrouted}${unrouted > 0 ? ` (${unrouted})` : ''}`, '-'),
    unrouted === 0 ? words.noUnrouted : null,
    ...unroutedItems,
    content.unrouted.more > 0
      ? linkLine(moreText(format, content.unrouted.more), allMatches)
      : null,
    underline(words.headings.sourceProblems, '-'),
    content.sourceProblems.length === 0
      ? words.noSourceProblems
      : content.sourceProblems
          .map((problem) => wrap(problemLine(format, problem), '  ', '- '))
          .join('\n'),
    linkLine(words.seeAll, allMatches),
    `-- \n${wrap(words.footer.overviewWhy(tenant))}`,
  ]);
}

/** The coordinator's overview: every department's digest of the period, what none got, source problems. */
export function renderOverview(content: OverviewContent): RenderedDigest {
  const format = digestFormat(content.language, content.timeZone, content.generatedAt);
  const { words } = format;
  const tenant = plainText(content.tenant.name);
  const period = format.period(content.period.label);
  const newCalls = content.departments.reduce(
    (sum, department) => sum + sectionTotal(department.sections.new),
    0,
  );
  const summary = `${format.count(words.counts.departments, content.departments.length)}, ${format.count(words.counts.new, newCalls)}`;
  const subject = words.subject.overview(tenant, period, summary);
  const intro = words.overviewIntro(
    tenant,
    format.date(content.period.from),
    format.date(content.period.to),
  );
  const html = layout({
    language: content.language,
    title: subject,
    preheader: `${summary}. ${intro}`,
    rows: overviewHtml(content, format, intro),
  }).html;
  return { subject, html, text: overviewText(content, format, intro) };
}
