import { localDateOf, startOfLocalDay } from '../dates.js';
import type { SourceKindDefinition } from '../source-kind.js';
import { collectFeed } from './collect.js';
import { replayFeeds } from './replay.js';
import { DEFAULT_TIME_ZONE, parseRssSettings, type RssSettings } from './settings.js';

export type { RssSettings } from './settings.js';

/**
 * RSS 2.0 and Atom feeds of programme sites, which announce calls as news posts: items
 * become calls (title, link, guid or id as the key, content or description, categories as
 * tags), deadlines found in the text. Parsed with @rowanmanning/feed-parser. Settings:
 * `include` (words of which the title or a category must hold one), `timeZone` (of
 * deadlines stated without one, default Europe/Brussels), and the common call defaults.
 * Replay: a folder of `.xml`, `.rss` or `.atom` files.
 */
export const rssKind: SourceKindDefinition<RssSettings> = {
  calendar: {
    dayOf: (instant) => localDateOf(instant, DEFAULT_TIME_ZONE),
    startOfDay: (day) => startOfLocalDay(day, DEFAULT_TIME_ZONE),
  },
  parseSettings: parseRssSettings,
  collect: collectFeed,
  replay: replayFeeds,
};
