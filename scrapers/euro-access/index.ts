import { localDateOf, startOfLocalDay } from '../dates.js';
import { type CallDefaults, callDefaults } from '../kind-settings.js';
import type { SourceKindDefinition } from '../source-kind.js';

export interface EuroAccessSettings extends CallDefaults {}

const TIME_ZONE = 'Europe/Brussels';

/** Placeholder: the kind is being built. */
export const euroAccessKind: SourceKindDefinition<EuroAccessSettings> = {
  calendar: {
    dayOf: (instant) => localDateOf(instant, TIME_ZONE),
    startOfDay: (day) => startOfLocalDay(day, TIME_ZONE),
  },
  parseSettings: (raw) => callDefaults(raw),
  collect: async () => {
    throw new Error('the euro-access kind is not built yet');
  },
  replay: async () => {
    throw new Error('the euro-access kind is not built yet');
  },
};
