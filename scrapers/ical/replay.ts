import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReplayInput } from '../source-kind.js';
import type { PollResult } from '../types.js';
import { parseCalendar } from './parse.js';
import { expansionWindow, pollResultOf } from './poll.js';
import type { IcalSettings } from './settings.js';

/**
 * A replay folder holds one or more recorded calendars, `*.ics` (any name); all are read,
 * in name order, and a UID in two files is one call.
 */
export async function replayCalendars(input: ReplayInput<IcalSettings>): Promise<PollResult> {
  const names = (await readdir(input.folder)).filter((name) => /\.ics$/i.test(name)).sort();
  if (names.length === 0) throw new Error(`${input.folder} holds no .ics file to replay`);
  const window = expansionWindow(input.now, input.settings);
  const calendars = [];
  for (const name of names) {
    const file = path.join(input.folder, name);
    const calendar = parseCalendar(await readFile(file, 'utf8'), file, window);
    calendars.push({ calendar, url: file });
  }
  return pollResultOf(calendars, input.settings, input.baseUrl, false);
}
