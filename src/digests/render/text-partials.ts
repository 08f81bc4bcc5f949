import type { ItemView } from './item-view.js';

/**
 * The plain-text part is written for people reading text (a text-only client, a screen
 * reader, a phone's preview), not the HTML with its tags stripped: headings underlined,
 * calls numbered, prose wrapped at 72 columns (RFC 3676's advice for plain text), every link
 * on a line of its own so it stays whole and clickable.
 */

const WIDTH = 72;

/** Words wrapped to the width, every line after the first indented like the first. */
export function wrap(text: string, indent = '', firstIndent = indent): string {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(' ').filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** A heading underlined by its own length ("=" for the title, "-" for a section). */
export function underline(text: string, character: '=' | '-'): string {
  return `${text}\n${character.repeat([...text].length)}`;
}

/** "Label: https://…" on its own line; nothing when the link was not https. */
export function linkLine(label: string, url: string | null, indent = ''): string | null {
  return url ? `${indent}${label}: ${url}` : null;
}

/** A numbered call: its title wrapped under the number, then one detail per line. */
export function itemText(
  number: number,
  view: ItemView,
  labels: { budget: string; why: string; source: string; api: string },
): string {
  const marker = `${number}. `;
  const indent = ' '.repeat(marker.length);
  const lines = [
    wrap(view.title, indent, marker),
    view.meta ? wrap(view.meta, indent, indent) : null,
    ...view.changes.map((change) => wrap(change, `${indent}  `, `${indent}* `)),
    wrap(`${view.deadlineLabel}: ${view.deadline}`, indent, indent),
    view.budget ? wrap(`${labels.budget}: ${view.budget}`, indent, indent) : null,
    view.why ? wrap(`${labels.why}: ${view.why}`, indent, indent) : null,
    linkLine(labels.source, view.sourceUrl, indent),
    linkLine(labels.api, view.apiUrl, indent),
  ];
  return lines.filter((line): line is string => line !== null).join('\n');
}

/** Paragraphs joined by blank lines, empty ones left out. */
export function paragraphs(parts: Array<string | null>): string {
  return `${parts.filter((part): part is string => Boolean(part)).join('\n\n')}\n`;
}
