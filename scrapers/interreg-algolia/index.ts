import { localDateOf, startOfLocalDay } from '../dates.js';
import type { SourceKindDefinition } from '../source-kind.js';
import { collectInterregCalls } from './fetch.js';
import { INTERREG_TIME_ZONE } from './normalise.js';
import { replayInterregCalls } from './replay.js';
import { type InterregAlgoliaSettings, parseInterregAlgoliaSettings } from './settings.js';

export type { InterregAlgoliaSettings } from './settings.js';

/**
 * interreg.eu's "Calls for projects" (https://interreg.eu/calls-for-projects/): every
 * Interreg programme's open and forthcoming calls, from the Algolia index behind the page.
 * baseUrl is the calls page, read at each poll for the public search-only credentials
 * (they rotate); the settings may pin them instead. Records come from the POSTed query,
 * so a poll is never "not modified" as a whole. Replay: a folder of recorded answers.
 */
export const interregAlgoliaKind: SourceKindDefinition<InterregAlgoliaSettings> = {
  calendar: {
    dayOf: (instant) => localDateOf(instant, INTERREG_TIME_ZONE),
    startOfDay: (day) => startOfLocalDay(day, INTERREG_TIME_ZONE),
  },
  parseSettings: parseInterregAlgoliaSettings,
  collect: collectInterregCalls,
  replay: replayInterregCalls,
};
