import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReplayInput } from '../source-kind.js';
import type { PollResult } from '../types.js';
import { parseFeedBody } from './parse.js';
import { pollResultOf } from './poll.js';
import type { RssSettings } from './settings.js';

/**
 * A replay folder holds one or more recorded feeds, `*.xml`, `*.rss` or `*.atom` (any name);
 * all are read, in name order, and a guid in two files is one call.
 */
export async function replayFeeds(input: ReplayInput<RssSettings>): Promise<PollResult> {
  const names = (await readdir(input.folder))
    .filter((name) => /\.(xml|rss|atom)$/i.test(name))
    .sort();
  if (names.length === 0)
    throw new Error(`${input.folder} holds no .xml, .rss or .atom file to replay`);
  const feeds = [];
  for (const name of names) {
    const file = path.join(input.folder, name);
    feeds.push({ feed: parseFeedBody(await readFile(file, 'utf8'), file), url: file });
  }
  return pollResultOf(feeds, input.settings, input.baseUrl, false);
}
