import type { CollectInput, FreshPage } from '../source-kind.js';
import type { PollResult } from '../types.js';
import { isParsedFeed, type ParsedFeed } from './items.js';
import { parseFeedBody } from './parse.js';
import { pollResultOf } from './poll.js';
import type { RssSettings } from './settings.js';

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/**
 * One conditional GET of the feed. A fresh body is parsed and its items remembered, so a 304
 * gives the same calls back without parsing (`include` and the deadline search run on every
 * poll, so a changed setting applies to an unchanged feed); what was remembered but cannot be
 * read is fetched again in full.
 */
export async function collectFeed(input: CollectInput<RssSettings>): Promise<PollResult> {
  const { fetcher, baseUrl, settings } = input;
  const page = await fetcher.get(baseUrl, { conditional: true, headers: { accept: ACCEPT } });
  let feed: ParsedFeed;
  if (page.notModified && isParsedFeed(page.remembered)) {
    feed = page.remembered;
  } else {
    const fresh = page.notModified
      ? ((await fetcher.get(baseUrl, { headers: { accept: ACCEPT } })) as FreshPage)
      : page;
    feed = parseFeedBody(fresh.body, fresh.url);
    fetcher.remember(baseUrl, feed);
  }
  return pollResultOf([{ feed, url: baseUrl }], settings, baseUrl, input.strict ?? false);
}
