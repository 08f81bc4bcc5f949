import type {
  ChangedDigestItem,
  DigestContent,
  DigestItem,
  DigestSection,
  RenderedDigest,
} from '../content-types.js';
import { type DigestFormat, digestFormat, sectionTotal } from './format.js';
import {
  bullets,
  button,
  footer,
  type Html,
  header,
  itemBlock,
  join,
  labelled,
  layout,
  moreRow,
  note,
  sectionHeading,
} from './html-partials.js';
import { type ItemView, itemView } from './item-view.js';
import { httpsUrl, plainText } from './safety.js';
import { itemText, linkLine, paragraphs, underline, wrap } from './text-partials.js';

type SectionKey = keyof DigestContent['sections'];
const SECTION_ORDER: SectionKey[] = ['new', 'changed', 'closingSoon'];

/** The details of a call in the HTML: changes first (they are why it is here), then facts. */
export function itemDetailsHtml(view: ItemView, format: DigestFormat): Html {
  const { labels } = format.words;
  return join([
    view.changes.length > 0 ? bullets(view.changes) : null,
    labelled(view.deadlineLabel, view.deadline, view.urgent),
    view.budget ? labelled(labels.budget, view.budget) : null,
    view.why ? labelled(labels.why, view.why) : null,
  ]);
}

export function itemHtml(view: ItemView, format: DigestFormat): Html {
  const { labels } = format.words;
  return itemBlock({
    title: view.title,
    titleUrl: view.sourceUrl ?? view.apiUrl,
    meta: view.meta,
    details: itemDetailsHtml(view, format),
    links: [
      { text: labels.source, url: view.sourceUrl },
      { text: labels.api, url: view.apiUrl },
    ],
  });
}

/** "och 7 till – Se alla matchningar" */
export function moreText(format: DigestFormat, more: number): string {
  return `${format.count(format.words.more, more)} – ${format.words.seeAll}`;
}

/** A section's items worded once, for both parts. */
interface SectionView {
  views: ItemView[];
  more: number;
}

function sectionView(
  format: DigestFormat,
  section: DigestSection<DigestItem | ChangedDigestItem>,
): SectionView {
  return { views: section.items.map((item) => itemView(item, format)), more: section.more };
}

function sectionHtml(
  format: DigestFormat,
  key: SectionKey,
  section: SectionView,
  allMatches: string | null,
): Html {
  const total = section.views.length + section.more;
  return join([
    sectionHeading(format.words.headings[key], total > 0 ? String(total) : null),
    total === 0 ? note(format.words.emptySection) : null,
    ...section.views.map((view) => itemHtml(view, format)),
    section.more > 0 ? moreRow(moreText(format, section.more), allMatches) : null,
  ]);
}

function sectionText(
  format: DigestFormat,
  key: SectionKey,
  section: SectionView,
  allMatches: string | null,
): string {
  const total = section.views.length + section.more;
  const heading = underline(`${format.words.headings[key]}${total > 0 ? ` (${total})` : ''}`, '-');
  if (total === 0) return `${heading}\n\n${format.words.emptySection}`;
  const items = section.views.map((view, index) => itemText(index + 1, view, format.words.labels));
  const more =
    section.more > 0
      ? (linkLine(moreText(format, section.more), allMatches) ??
        format.count(format.words.more, section.more))
      : null;
  return [heading, ...items, more].filter(Boolean).join('\n\n');
}

/** A department's digest: subject, HTML and text, all from the same decided content. */
export function renderDepartmentDigest(content: DigestContent): RenderedDigest {
  const format = digestFormat(content.language, content.timeZone, content.generatedAt);
  const { words } = format;
  const department = plainText(content.department.name);
  const tenant = plainText(content.tenant.name);
  const period = format.period(content.period.label);
  const counts = {
    new: sectionTotal(content.sections.new),
    changed: sectionTotal(content.sections.changed),
    closingSoon: sectionTotal(content.sections.closingSoon),
  };
  const summary = format.summary(counts);
  const subject = words.subject.digest(department, period, summary);
  const intro = words.intro(
    department,
    tenant,
    format.date(content.period.from),
    format.date(content.period.to),
  );
  const empty = counts.new + counts.changed + counts.closingSoon === 0;
  const allMatches = httpsUrl(content.links.allMatches);
  const footerLinks = [
    { text: words.footer.preferences, url: content.links.preferences },
    { text: words.footer.unsubscribe, url: content.links.unsubscribe },
  ];
  const kicker = `${tenant} · ${period}`;
  const sections = {
    new: sectionView(format, content.sections.new),
    changed: sectionView(format, content.sections.changed),
    closingSoon: sectionView(format, content.sections.closingSoon),
  };

  const html = layout({
    language: content.language,
    title: subject,
    preheader: `${summary}. ${intro}`,
    rows: join([
      header(kicker, department, intro),
      empty ? note(words.empty) : null,
      ...(empty
        ? []
        : SECTION_ORDER.map((key) => sectionHtml(format, key, sections[key], allMatches))),
      button(words.seeAll, allMatches),
      footer(words.footer.why(department, tenant), footerLinks),
    ]),
  }).html;

  const text = paragraphs([
    underline(`${department} – ${period}`, '='),
    `${wrap(intro)}\n${wrap(`${summary.charAt(0).toUpperCase()}${summary.slice(1)}.`)}`,
    empty ? wrap(words.empty) : null,
    ...(empty
      ? []
      : SECTION_ORDER.map((key) => sectionText(format, key, sections[key], allMatches))),
    linkLine(words.seeAll, allMatches),
    [
      '-- ',
      wrap(words.footer.why(department, tenant)),
      ...footerLinks.map((entry) => linkLine(entry.text, httpsUrl(entry.url))),
    ]
      .filter(Boolean)
      .join('\n'),
  ]);

  return { subject, html, text };
}
