import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '../../helpers/shared.js';

/** The shared recording: 2 of the 3 hits of a real answer (see its README). */
export const recordingPath = fixturePath(
  'sources',
  'interreg-eu',
  'algolia-calls-for-projects.projection.json',
);
export const recordingFolder = path.dirname(recordingPath);
export const recordingBody = readFileSync(recordingPath, 'utf8');

export interface RecordedHit {
  objectID: string;
  pageId: number;
  title: string;
  contentUrl: string;
  callDeadlineDate: string;
  callOpenDate: string;
  callEligibleCountryNuts: string[];
  callEligibleRegionNuts: string[];
  callExternalUrl: string;
  associatedProgrammes: string[];
  callThemes: string[];
  targetAudience: string[];
}

export const recording = JSON.parse(recordingBody) as {
  results: Array<{ hits: RecordedHit[]; nbHits: number }>;
};
export const recordedHits = recording.results[0]?.hits ?? [];

/** Our own page (test/fixtures/sources/interreg-eu-page, written by hand; see its README). */
export const pageFolder = fileURLToPath(
  new URL('../../fixtures/sources/interreg-eu-page/', import.meta.url),
);
export const pageFile = (name: string): string => readFileSync(path.join(pageFolder, name), 'utf8');

/** The made-up credentials the hand-written page carries. */
export const PAGE_APP_ID = 'IRG7CALLS1';
export const PAGE_API_KEY = '5f2b8c1e9d3a47b6a0c4e8f1d2b3a4c5';
