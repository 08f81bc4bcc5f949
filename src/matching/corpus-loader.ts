import { createHash } from 'node:crypto';
import { and, asc, inArray, isNull, ne } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { calls } from '../db/schema/index.js';
import { loadDeadlines } from '../ingest/call-rows.js';
import { CallCorpus } from './batch.js';
import { type CallFeatures, extractFeatures, type MatchableCall } from './call-features.js';
import { concepts } from './vocabulary/index.js';

const MAX_CACHED = 200_000;
/** Full rows fetched per query when features are missing from the cache. */
const FETCH_CHUNK = 1_000;

const matchableColumns = {
  id: calls.id,
  identifier: calls.identifier,
  title: calls.title,
  callTitle: calls.callTitle,
  programmeCode: calls.programmeCode,
  programmeName: calls.programmeName,
  language: calls.language,
  programmeStrands: calls.programmeStrands,
  actionCategory: calls.actionCategory,
  eligibleCountries: calls.eligibleCountries,
  applicantTypes: calls.applicantTypes,
  tags: calls.tags,
  keywords: calls.keywords,
  descriptionText: calls.descriptionText,
  status: calls.status,
  nextDeadlineAt: calls.nextDeadlineAt,
  openingAt: calls.openingAt,
  contentHash: calls.contentHash,
};

/** What a call's scores depend on beyond its text: a light row, cheap to read for 20,000 calls. */
const versionColumns = {
  id: calls.id,
  contentHash: calls.contentHash,
  status: calls.status,
  nextDeadlineAt: calls.nextDeadlineAt,
};

type CallVersionRow = Pick<MatchableCall, 'id' | 'status' | 'nextDeadlineAt'> & {
  contentHash: string;
};

/**
 * One string for everything a call's scores depend on: its content (by hash), its status and
 * its next deadline (days left). Closed and missing calls share one version: nothing to match.
 */
export function callVersion(row: CallVersionRow | undefined): string {
  if (!row || row.status === 'closed') return 'closed';
  return `${row.contentHash}|${row.status}|${row.nextDeadlineAt?.getTime() ?? ''}`;
}

/** Calls with their features, and the version of each that was read (for re-checks later). */
interface LoadedCalls {
  features: CallFeatures[];
  versions: Map<string, string>;
}

/**
 * Call features, cached by content hash: extracting them (stemming a description) is the
 * costly part of matching, and a call's features change only when its content does. The
 * cache is a plain memo in this process; losing it costs time, never correctness.
 */
export class FeatureCache {
  private readonly byHash = new Map<string, CallFeatures>();

  featuresOf(row: MatchableCall & { contentHash: string }): CallFeatures {
    const cached = this.cachedFor(row);
    if (cached) return cached;
    const features = extractFeatures(row);
    // Bounded: old content versions are dropped wholesale rather than tracked one by one.
    if (this.byHash.size >= MAX_CACHED) this.byHash.clear();
    this.byHash.set(row.contentHash, features);
    return features;
  }

  /** Same content, maybe another call or a new status or deadline: the costly parts reused. */
  private cachedFor(row: CallVersionRow): CallFeatures | null {
    const cached = this.byHash.get(row.contentHash);
    if (!cached) return null;
    const call = cached.call;
    if (
      call.id === row.id &&
      call.status === row.status &&
      call.nextDeadlineAt?.getTime() === row.nextDeadlineAt?.getTime()
    ) {
      return cached;
    }
    return {
      ...cached,
      call: { ...call, id: row.id, status: row.status, nextDeadlineAt: row.nextDeadlineAt },
    };
  }

  /**
   * Open and forthcoming calls: the only ones matching looks at. Light rows first; the full
   * text only of calls whose content this process has not seen yet, so a worker running
   * many tenant batches reads 20,000 descriptions once, not once per batch.
   */
  async loadOpenCalls(db: Database): Promise<LoadedCalls> {
    const rows = await db
      .select(versionColumns)
      .from(calls)
      // A sighting of a call another source is believed on is not matched: the call is.
      .where(and(ne(calls.status, 'closed'), isNull(calls.canonicalId)))
      .orderBy(asc(calls.id));
    return this.withFeatures(db, rows);
  }

  /**
   * These calls, closed ones included (a closed call's version says so); a call that has
   * become a sighting of another source's call counts as closed, so it loses its matches.
   */
  async loadCalls(db: Database, callIds: string[]): Promise<LoadedCalls> {
    if (callIds.length === 0) return { features: [], versions: new Map() };
    const rows = await db
      .select(versionColumns)
      .from(calls)
      .where(and(inArray(calls.id, callIds), isNull(calls.canonicalId)));
    const loaded = await this.withFeatures(db, rows);
    for (const id of callIds) if (!loaded.versions.has(id)) loaded.versions.set(id, 'closed');
    return loaded;
  }

  private async withFeatures(db: Database, rows: CallVersionRow[]): Promise<LoadedCalls> {
    const features: CallFeatures[] = [];
    const versions = new Map<string, string>();
    const missing: string[] = [];
    // Cached ones first: extracting the missing ones may clear the cache when it is full.
    for (const row of rows) {
      const cached = this.cachedFor(row);
      if (!cached) missing.push(row.id);
      else {
        features.push(cached);
        versions.set(row.id, callVersion(row));
      }
    }
    for (let start = 0; start < missing.length; start += FETCH_CHUNK) {
      const chunk = missing.slice(start, start + FETCH_CHUNK);
      // A call rewritten since the light read is matched as read now; its version says so.
      const rows = await db.select(matchableColumns).from(calls).where(inArray(calls.id, chunk));
      const deadlines = await loadDeadlines(db, chunk);
      for (const row of rows) {
        const dates = (deadlines.get(row.id) ?? []).map((deadlineAt) => ({ deadlineAt }));
        features.push(this.featuresOf({ ...row, deadlines: dates }));
        versions.set(row.id, callVersion(row));
      }
    }
    // Corpus order breaks ties at the per-area limit: the same in every process.
    features.sort((a, b) => (a.call.id < b.call.id ? -1 : a.call.id > b.call.id ? 1 : 0));
    return { features, versions };
  }
}

/**
 * The open calls indexed for matching, rebuilt only when one of them changed: a worker
 * taking tenant batch after tenant batch of the nightly pass indexes the corpus once.
 */
export class OpenCorpusCache {
  private cached: {
    fingerprint: string;
    corpus: CallCorpus;
    versions: Map<string, string>;
  } | null = null;

  constructor(private readonly features: FeatureCache) {}

  async load(db: Database): Promise<{ corpus: CallCorpus; versions: Map<string, string> }> {
    const loaded = await this.features.loadOpenCalls(db);
    const hash = createHash('sha256');
    for (const id of [...loaded.versions.keys()].sort())
      hash
        .update(id)
        .update(loaded.versions.get(id) as string)
        .update('\n');
    const fingerprint = hash.digest('base64url');
    if (this.cached?.fingerprint !== fingerprint) {
      this.cached = {
        fingerprint,
        corpus: new CallCorpus(loaded.features, conceptIds),
        versions: loaded.versions,
      };
    }
    return this.cached;
  }
}

const conceptIds = concepts.map((concept) => concept.id);

/** Calls indexed for matching (closed ones are left out by the corpus itself). */
export function corpusOf(features: CallFeatures[]): CallCorpus {
  return new CallCorpus(features, conceptIds);
}
