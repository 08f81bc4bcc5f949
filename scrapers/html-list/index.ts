import { localDateOf, startOfLocalDay } from '../dates.js';
import type { SourceKindDefinition } from '../source-kind.js';
import { collectHtmlList } from './collect.js';
import { replayHtmlList } from './replay.js';
import { type HtmlListSettings, parseHtmlListSettings } from './settings.js';

export type { HtmlListSettings } from './settings.js';

/**
 * The calendar's zone: a kind's calendar is fixed, not per source, and the programme sites
 * a coordinator adds are mostly EU ones stating Brussels time. Deadlines themselves carry the
 * zone of the source's `timeZone` setting or of the date's own marker (CET, UTC).
 */
const TIME_ZONE = 'Europe/Brussels';

/**
 * A programme site's call listing read with CSS selectors a coordinator gives (settings.ts),
 * so a site is added without code: one conditional GET of the listing (collect.ts), items
 * and their fields extracted with cheerio (extract.ts), dates read by prose-dates.ts.
 */
export const htmlListKind: SourceKindDefinition<HtmlListSettings> = {
  calendar: {
    dayOf: (instant) => localDateOf(instant, TIME_ZONE),
    startOfDay: (day) => startOfLocalDay(day, TIME_ZONE),
  },
  parseSettings: parseHtmlListSettings,
  collect: collectHtmlList,
  replay: replayHtmlList,
};
