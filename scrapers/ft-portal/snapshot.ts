import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { parseSearchPage, type SediaSearchPage } from './raw.js';

const gunzipAsync = promisify(gunzip);

/**
 * A recorded poll on disk: `_meta.json.gz` ({ fetchedAt, totalResults, pages }) and
 * `page-N.json.gz`, each the exact response body. Used for offline replays and tests.
 */
export interface Snapshot {
  folder: string;
  fetchedAt: Date;
  pageCount: number;
  totalResults: number;
}

async function readJsonGz(file: string): Promise<string> {
  return (await gunzipAsync(await readFile(file))).toString('utf8');
}

export async function openSnapshot(folder: string): Promise<Snapshot> {
  const metaFile = path.join(folder, '_meta.json.gz');
  let meta: { fetchedAt?: string; pages?: number; totalResults?: number };
  try {
    meta = JSON.parse(await readJsonGz(metaFile));
  } catch (error) {
    throw new Error(`${metaFile} is missing or unreadable: ${(error as Error).message}`);
  }
  const fetchedAt = new Date(meta.fetchedAt ?? '');
  if (Number.isNaN(fetchedAt.getTime()) || typeof meta.pages !== 'number') {
    throw new Error(`${metaFile} lacks fetchedAt or pages`);
  }
  return { folder, fetchedAt, pageCount: meta.pages, totalResults: meta.totalResults ?? 0 };
}

/** The raw body of page N, exactly as the portal sent it. */
export function readSnapshotPageBody(snapshot: Snapshot, pageNumber: number): Promise<string> {
  return readJsonGz(path.join(snapshot.folder, `page-${pageNumber}.json.gz`));
}

export async function* snapshotPages(snapshot: Snapshot): AsyncGenerator<SediaSearchPage> {
  for (let pageNumber = 1; pageNumber <= snapshot.pageCount; pageNumber += 1) {
    yield parseSearchPage(await readSnapshotPageBody(snapshot, pageNumber));
  }
}
