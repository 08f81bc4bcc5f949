import { DomUtils, parseDocument } from 'htmlparser2';

/**
 * A rendered mail read back the way a mail client reads it (htmlparser2, the parser behind
 * cheerio), so tests assert on elements and attributes, not on substrings of the markup.
 */
export interface ParsedMail {
  elements: Array<{ name: string; attributes: Record<string, string> }>;
  /** The text a reader sees (entities decoded), whitespace collapsed. */
  text: string;
  anchors: Array<{ href: string; text: string }>;
  /** For every table row, how many cells it has side by side. */
  cellsPerRow: number[];
}

export function parseMailHtml(html: string): ParsedMail {
  const document = parseDocument(html, { decodeEntities: true });
  const all = DomUtils.findAll(() => true, document.children);
  const body = DomUtils.findOne((element) => element.name === 'body', document.children);
  return {
    elements: all.map((element) => ({ name: element.name, attributes: element.attribs })),
    text: DomUtils.textContent(body ?? document)
      .replace(/\s+/g, ' ')
      .trim(),
    anchors: all
      .filter((element) => element.name === 'a')
      .map((element) => ({
        href: element.attribs.href ?? '',
        text: DomUtils.textContent(element).replace(/\s+/g, ' ').trim(),
      })),
    cellsPerRow: all
      .filter((element) => element.name === 'tr')
      .map(
        (row) =>
          DomUtils.getChildren(row).filter((cell) => DomUtils.isTag(cell) && cell.name === 'td')
            .length,
      ),
  };
}
