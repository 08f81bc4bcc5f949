import { localDateOf, startOfLocalDay } from '../dates.js';
import { type CallDefaults, callDefaults } from '../kind-settings.js';
import type { SourceKindDefinition } from '../source-kind.js';

export interface IcalSettings extends CallDefaults {}

const TIME_ZONE = 'Europe/Oslo';

/** Placeholder: the kind is being built. */
export const icalKind: SourceKindDefinition<IcalSettings> = {
  calendar: {
    dayOf: (instant) => localDateOf(instant, TIME_ZONE),
    startOfDay: (day) => startOfLocalDay(day, TIME_ZONE),
  },
  parseSettings: (raw) => callDefaults(raw),
  collect: async () => {
    throw new Error('the ical kind is not built yet');
  },
  replay: async () => {
    throw new Error('the ical kind is not built yet');
  },
};
