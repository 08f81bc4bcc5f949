import { localDateOf, startOfLocalDay } from '../dates.js';
import { type CallDefaults, callDefaults } from '../kind-settings.js';
import type { SourceKindDefinition } from '../source-kind.js';

export interface InterregAlgoliaSettings extends CallDefaults {}

const TIME_ZONE = 'UTC';

/** Placeholder: the kind is being built. */
export const interregAlgoliaKind: SourceKindDefinition<InterregAlgoliaSettings> = {
  calendar: {
    dayOf: (instant) => localDateOf(instant, TIME_ZONE),
    startOfDay: (day) => startOfLocalDay(day, TIME_ZONE),
  },
  parseSettings: (raw) => callDefaults(raw),
  collect: async () => {
    throw new Error('the interreg-algolia kind is not built yet');
  },
  replay: async () => {
    throw new Error('the interreg-algolia kind is not built yet');
  },
};
