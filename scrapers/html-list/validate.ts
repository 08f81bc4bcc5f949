import { SettingError } from '../source-kind.js';
import type { ListingItem, ListingPage } from './extract.js';
import type { NormalisedListing } from './normalise.js';
import type { HtmlListSettings } from './settings.js';

/**
 * The test fetch before an admin's source is saved: each selector must find something on
 * the page, and the deadlines must parse, or the 400 names the setting to fix.
 */
export function assertSettingsYield(
  page: ListingPage,
  listing: NormalisedListing,
  settings: HtmlListSettings,
): void {
  const { items, url } = page;
  if (items.length === 0) throw new SettingError('item', `matched nothing on ${url}`);
  const checks: Array<[string, string | null, (item: ListingItem) => boolean]> = [
    ['title', settings.title, (item) => item.title !== null],
    ['link', settings.link, (item) => item.link !== null],
    ['deadline', settings.deadline, (item) => item.deadlineTexts.length > 0],
    ['opening', settings.opening, (item) => item.openingText !== null],
    ['summary', settings.summary, (item) => item.summaryHtml !== null],
  ];
  for (const [name, selector, found] of checks) {
    if (selector !== null && !items.some(found)) {
      const what = name === 'link' ? 'no link (an a with an href)' : 'nothing';
      throw new SettingError(
        name,
        `"${selector}" matched ${what} in any of the ${items.length} items on ${url}`,
      );
    }
  }
  const { parsed, firstUnparsed } = listing.deadlineStats;
  if (parsed === 0) {
    throw new SettingError(
      'deadline',
      `no date parsed: first value "${firstUnparsed ?? ''}"; set dateFormat (e.g. DD/MM/YYYY) or dateLanguage (en, sv, nb, da, fi, de) to how the site writes dates`,
    );
  }
}
