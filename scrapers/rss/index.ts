import { localDateOf, startOfLocalDay } from '../dates.js';
import { type CallDefaults, callDefaults } from '../kind-settings.js';
import type { SourceKindDefinition } from '../source-kind.js';

export interface RssSettings extends CallDefaults {}

const TIME_ZONE = 'Europe/Brussels';

/** Placeholder: the kind is being built. */
export const rssKind: SourceKindDefinition<RssSettings> = {
  calendar: {
    dayOf: (instant) => localDateOf(instant, TIME_ZONE),
    startOfDay: (day) => startOfLocalDay(day, TIME_ZONE),
  },
  parseSettings: (raw) => callDefaults(raw),
  collect: async () => {
    throw new Error('the rss kind is not built yet');
  },
  replay: async () => {
    throw new Error('the rss kind is not built yet');
  },
};
