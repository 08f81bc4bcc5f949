import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReplayInput } from '../source-kind.js';
import type { PollResult } from '../types.js';
import { type AlgoliaResultPage, parseAlgoliaResponse } from './parse.js';
import { recordsOf } from './records.js';
import type { InterregAlgoliaSettings } from './settings.js';

/**
 * A replay folder holds one or more recorded Algolia answers (`*.json`, read in name
 * order, e.g. page-0.json, page-1.json); other files (a README) are ignored. The answers
 * say nothing of when they were recorded, so no fetchedAt is given.
 */
export async function replayInterregCalls(
  input: ReplayInput<InterregAlgoliaSettings>,
): Promise<PollResult> {
  const files = (await readdir(input.folder)).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0)
    throw new Error(`${input.folder} holds no recorded Algolia answer (*.json)`);
  const pages: AlgoliaResultPage[] = [];
  for (const file of files) {
    const body = await readFile(path.join(input.folder, file), 'utf8');
    pages.push(parseAlgoliaResponse(body, file));
  }
  return recordsOf(pages, { baseUrl: input.baseUrl, defaults: input.settings });
}
