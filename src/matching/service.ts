import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { asc } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { tenants } from '../db/schema/index.js';
import type { Logger } from '../logger.js';
import type { TenantWithAreas } from '../tenants/repository.js';
import { type AreaModel, compileArea } from './area-model.js';
import { type CallCorpus, MAX_MATCHES_PER_AREA, matchArea } from './batch.js';
import type { CallFeatures } from './call-features.js';
import { corpusOf, FeatureCache, OpenCorpusCache } from './corpus-loader.js';
import { type MatchRow, type Rescoring, writeMatches } from './match-writer.js';
import { loadTenantInputs, type TenantInput } from './tenant-inputs.js';

export interface MatchingDeps {
  db: Database;
  logger: Logger;
  features: FeatureCache;
  areas: AreaModelCache;
  corpus: OpenCorpusCache;
}

/** Matching dependencies with fresh caches: one set per process (worker, server, CLI run). */
export function createMatchingDeps(db: Database, logger: Logger): MatchingDeps {
  const features = new FeatureCache();
  return {
    db,
    logger,
    features,
    areas: new AreaModelCache(),
    corpus: new OpenCorpusCache(features),
  };
}

/** Compiled areas, by area id and profile version: compiling (stemming, compounds) is not free. */
export class AreaModelCache {
  private readonly models = new Map<string, { version: number; model: AreaModel }>();

  modelOf(tenant: TenantWithAreas, area: TenantWithAreas['areas'][number]): AreaModel {
    const cached = this.models.get(area.id);
    if (cached?.version === tenant.profileVersion) return cached.model;
    const model = compileArea(
      {
        key: area.key,
        name: area.name,
        description: area.description,
        keywords: area.keywords,
        weight: area.weight,
        exclusions: area.exclusions,
      },
      tenant.languages,
    );
    this.models.set(area.id, { version: tenant.profileVersion, model });
    return model;
  }
}

/**
 * Tenants per write transaction of a whole-tenant pass. Short transactions: on the embedded
 * database every API read waits for the one in progress.
 */
const TENANTS_PER_WRITE = 10;
/** Tenant × call pairs per write transaction of a call re-match: 10 calls, all tenants in one. */
const PAIRS_PER_CALL_WRITE = 20_000;

/** One tenant's matches over a corpus: every area, with that area's feedback. */
function matchTenant(
  deps: MatchingDeps,
  corpus: CallCorpus,
  input: TenantInput,
  now: Date,
  limit: number,
): MatchRow[] {
  const { tenant } = input;
  const rows: MatchRow[] = [];
  for (const area of tenant.areas) {
    const model = deps.areas.modelOf(tenant, area);
    const options = { now, deadlineFeasibility: true, feedback: input.feedback.get(area.id) };
    for (const match of matchArea(corpus, model, tenant.country, options, limit)) {
      rows.push({
        tenantId: tenant.id,
        areaId: area.id,
        callId: (corpus.features[match.callIndex] as CallFeatures).call.id,
        score: match.score,
        explanation: match.explanation,
        profileVersion: tenant.profileVersion,
        computedAt: now,
      });
    }
  }
  return rows;
}

/** Calls that changed under a write are scored afresh, for single calls: no per-area limit. */
function rescoringOf(deps: MatchingDeps, now: Date, corpus: CallCorpus, limit: number): Rescoring {
  return {
    tenant: (input) => matchTenant(deps, corpus, input, now, limit),
    calls: async (tx, callIds, inputs) => {
      const loaded = await deps.features.loadCalls(tx, callIds);
      const fresh = corpusOf(loaded.features);
      return {
        rows: inputs.flatMap((input) =>
          matchTenant(deps, fresh, input, now, Number.POSITIVE_INFINITY),
        ),
        versions: loaded.versions,
      };
    },
  };
}

/** Every tenant id, in id order: what the nightly pass fans out. */
export async function allTenantIds(db: Database): Promise<string[]> {
  const rows = await db.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.id));
  return rows.map((row) => row.id);
}

/**
 * Re-matches whole tenants (all, or the ones asked for) against every open call: a changed
 * profile, new feedback, or a batch of the nightly full pass. Each area keeps its best
 * MAX_MATCHES_PER_AREA calls, and rows beyond them are trimmed. A few tenants per short
 * transaction (src/matching/match-writer.ts says why concurrent runs agree), with the event
 * loop given back between them.
 */
export async function rematchTenants(
  deps: MatchingDeps,
  options: { tenantIds?: string[]; now: Date },
) {
  const ids = [...(options.tenantIds ?? (await allTenantIds(deps.db)))].sort();
  const { corpus, versions } = await deps.corpus.load(deps.db);
  const rescoring = rescoringOf(deps, options.now, corpus, MAX_MATCHES_PER_AREA);
  let tenantCount = 0;
  let rows = 0;
  for (let start = 0; start < ids.length; start += TENANTS_PER_WRITE) {
    const inputs = await loadTenantInputs(
      deps.db,
      deps.features,
      ids.slice(start, start + TENANTS_PER_WRITE),
    );
    const scored = inputs.flatMap((input) => rescoring.tenant(input));
    const written = await writeMatches(
      deps,
      { tenants: inputs, calls: 'all', rows: scored, versions },
      rescoring,
    );
    tenantCount += inputs.length;
    rows += written.rows;
    await yieldToEventLoop();
  }
  const result = { tenants: tenantCount, calls: corpus.features.length, rows };
  deps.logger.info(result, 'tenants re-matched');
  return result;
}

/**
 * Re-matches changed or new calls for every tenant. Closed calls lose their matches. Areas
 * may hold more than MAX_MATCHES_PER_AREA rows until the next full pass trims them.
 */
export async function rematchCalls(deps: MatchingDeps, options: { callIds: string[]; now: Date }) {
  const callIds = [...new Set(options.callIds)];
  const loaded = await deps.features.loadCalls(deps.db, callIds);
  const corpus = corpusOf(loaded.features);
  const rescoring = rescoringOf(deps, options.now, corpus, Number.POSITIVE_INFINITY);
  const inputs = await loadTenantInputs(deps.db, deps.features);
  const tenantsPerWrite = Math.max(
    1,
    Math.floor(PAIRS_PER_CALL_WRITE / Math.max(1, callIds.length)),
  );
  let rows = 0;
  for (let start = 0; start < inputs.length; start += tenantsPerWrite) {
    const batch = inputs.slice(start, start + tenantsPerWrite);
    const scored = batch.flatMap((input) => rescoring.tenant(input));
    const written = await writeMatches(
      deps,
      { tenants: batch, calls: callIds, rows: scored, versions: loaded.versions },
      rescoring,
    );
    rows += written.rows;
    await yieldToEventLoop();
  }
  return { calls: callIds.length, rows };
}
