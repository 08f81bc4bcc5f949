import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The interreg.no calendar recording this project wrote (see its README). */
export const recordingFolder = fileURLToPath(
  new URL('../../fixtures/sources/interreg-no-ical/', import.meta.url),
);
export const recordingPath = `${recordingFolder}utlysninger.ics`;
export const recording = readFileSync(recordingPath, 'utf8');
export const CALENDAR_URL_PATH = '/kalender/kategori/utlysninger/?ical=1';

/** The VEVENT blocks of the file, unfolded (RFC 5545 line folding). */
export function eventBlocks(ics: string): string[] {
  return ics
    .replace(/\r?\n[ \t]/g, '')
    .split('BEGIN:VEVENT')
    .slice(1)
    .map((block) => block.split('END:VEVENT')[0] as string);
}

export function property(block: string, name: string): string | undefined {
  return new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, 'm').exec(block)?.[1]?.trim();
}

/**
 * The calls the file should give when every occurrence is in the window: one per single
 * event, and COUNT per RRULE less its EXDATEs (RECURRENCE-ID overrides replace one).
 */
export function expectedCallCount(ics: string): number {
  return eventBlocks(ics).reduce((sum, block) => {
    if (property(block, 'RECURRENCE-ID')) return sum;
    const rule = property(block, 'RRULE');
    if (!rule) return sum + 1;
    const count = Number(/COUNT=(\d+)/.exec(rule)?.[1]);
    return sum + count - (block.match(/^EXDATE/gm) ?? []).length;
  }, 0);
}
