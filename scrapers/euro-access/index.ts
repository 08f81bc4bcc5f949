import { localDateOf, startOfLocalDay } from '../dates.js';
import type { SourceKindDefinition } from '../source-kind.js';
import { collectEuroAccess } from './collect.js';
import { DEFAULT_TIME_ZONE } from './dates.js';
import { replayEuroAccess } from './replay.js';
import { type EuroAccessSettings, parseEuroAccessSettings } from './settings.js';

export type { EuroAccessSettings } from './settings.js';

/**
 * Euro-Access (euro-access.eu), a curated database of EU and Interreg calls: the calls table
 * at baseUrl (https://www.euro-access.eu/en/calls) and each call's detail page, read with
 * cheerio. Its content is EuroVienna's work: only the fields in detail.ts are kept and every
 * call links back to its Euro-Access page.
 *
 * The calendar is Brussels', the zone the site's dates are read in by default; a source
 * configured with another settings.timeZone still polls on Brussels days (the calendar is
 * per kind, not per source).
 */
export const euroAccessKind: SourceKindDefinition<EuroAccessSettings> = {
  calendar: {
    dayOf: (instant) => localDateOf(instant, DEFAULT_TIME_ZONE),
    startOfDay: (day) => startOfLocalDay(day, DEFAULT_TIME_ZONE),
  },
  parseSettings: parseEuroAccessSettings,
  collect: collectEuroAccess,
  replay: replayEuroAccess,
};
