import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';

/** The feeds this project wrote (see the README beside each). */
export const balticFolder = fileURLToPath(
  new URL('../../fixtures/sources/interreg-baltic-rss/', import.meta.url),
);
export const auroraFolder = fileURLToPath(
  new URL('../../fixtures/sources/interreg-aurora-atom/', import.meta.url),
);
export const balticRss = readFileSync(`${balticFolder}feed.xml`, 'utf8');
export const auroraAtom = readFileSync(`${auroraFolder}feed.atom`, 'utf8');

/** Each item's guid or id, title and categories, read with cheerio to count what to expect. */
export function feedItems(
  xml: string,
): Array<{ key: string; title: string; categories: string[] }> {
  const $ = cheerio.load(xml, { xml: true });
  return $('item, entry')
    .toArray()
    .map((element) => {
      const item = $(element);
      return {
        key: item.children('guid, id').first().text().trim(),
        title: item.children('title').first().text().trim(),
        categories: item
          .children('category')
          .toArray()
          .map((category) => $(category).attr('term') ?? $(category).text().trim()),
      };
    });
}

export function keysIncluded(xml: string, words: string[]): string[] {
  return feedItems(xml)
    .filter((item) =>
      words.some((word) =>
        [item.title, ...item.categories].join('\n').toLowerCase().includes(word),
      ),
    )
    .map((item) => item.key);
}
