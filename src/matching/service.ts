import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  matches,
  matchFeedback,
  priorityAreas,
  type StoredExplanation,
} from '../db/schema/index.js';
import type { Logger } from '../logger.js';
import { loadTenantsForMatching, type TenantWithAreas } from '../tenants/repository.js';
import { type AreaModel, compileArea } from './area-model.js';
import { CallCorpus, MAX_MATCHES_PER_AREA, matchArea } from './batch.js';
import type { CallFeatures } from './call-features.js';
import { FeatureCache } from './corpus-loader.js';
import type { AreaFeedback } from './feedback.js';
import { concepts } from './vocabulary/index.js';

export interface MatchingDeps {
  db: Database;
  logger: Logger;
  features: FeatureCache;
  areas: AreaModelCache;
}

/** Matching dependencies with fresh caches: one set per process (worker, server, CLI run). */
export function createMatchingDeps(db: Database, logger: Logger): MatchingDeps {
  return { db, logger, features: new FeatureCache(), areas: new AreaModelCache() };
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

interface MatchRow {
  tenantId: string;
  areaId: string;
  callId: string;
  score: number;
  explanation: StoredExplanation;
  profileVersion: number;
  computedAt: Date;
}

const conceptIds = concepts.map((concept) => concept.id);

/** One tenant's matches over a corpus: every area, with that area's feedback. */
function matchTenant(
  deps: MatchingDeps,
  corpus: CallCorpus,
  tenant: TenantWithAreas,
  feedback: Map<string, AreaFeedback>,
  now: Date,
): MatchRow[] {
  const rows: MatchRow[] = [];
  for (const area of tenant.areas) {
    const model = deps.areas.modelOf(tenant, area);
    const options = { now, deadlineFeasibility: true, feedback: feedback.get(area.id) };
    for (const match of matchArea(corpus, model, tenant.country, options, MAX_MATCHES_PER_AREA)) {
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

/**
 * Re-matches whole tenants against every open call (a changed profile, new feedback, or the
 * nightly full pass). Per tenant, one transaction replaces its matches: running it twice
 * leaves the same rows.
 */
export async function rematchTenants(
  deps: MatchingDeps,
  options: { tenantIds?: string[]; now: Date },
) {
  const tenants = await loadTenantsForMatching(deps.db, options.tenantIds);
  const corpus = new CallCorpus(await deps.features.loadOpenCalls(deps.db), conceptIds);
  const feedback = await loadFeedback(
    deps,
    tenants.map((tenant) => tenant.id),
  );
  let rows = 0;
  for (const tenant of tenants) {
    const tenantRows = matchTenant(deps, corpus, tenant, feedback, options.now);
    await deps.db.transaction(async (tx) => {
      await tx.delete(matches).where(eq(matches.tenantId, tenant.id));
      await insertMatches(tx as unknown as Database, tenantRows);
    });
    rows += tenantRows.length;
  }
  deps.logger.info(
    { tenants: tenants.length, calls: corpus.features.length, rows },
    'tenants re-matched',
  );
  return { tenants: tenants.length, calls: corpus.features.length, rows };
}

/**
 * Re-matches changed or new calls for every tenant. Closed calls lose their matches. Areas
 * may hold a few more than MAX_MATCHES_PER_AREA rows until the next full pass trims them.
 */
export async function rematchCalls(deps: MatchingDeps, options: { callIds: string[]; now: Date }) {
  const tenants = await loadTenantsForMatching(deps.db);
  const corpus = new CallCorpus(
    await deps.features.loadCalls(deps.db, options.callIds),
    conceptIds,
  );
  const feedback = await loadFeedback(
    deps,
    tenants.map((tenant) => tenant.id),
  );
  const rows = tenants.flatMap((tenant) =>
    matchTenant(deps, corpus, tenant, feedback, options.now),
  );
  await deps.db.transaction(async (tx) => {
    await tx.delete(matches).where(inArray(matches.callId, options.callIds));
    await insertMatches(tx as unknown as Database, rows);
  });
  return { calls: options.callIds.length, rows: rows.length };
}

// One statement per chunk, the rows sent as one JSON document: PostgreSQL parses JSON much
// faster than thousands of bind parameters or array literals.
const INSERT_CHUNK = 10_000;

async function insertMatches(db: Database, rows: MatchRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK).map((row) => ({
      tenant_id: row.tenantId,
      area_id: row.areaId,
      call_id: row.callId,
      score: row.score,
      explanation: row.explanation,
      profile_version: row.profileVersion,
      computed_at: row.computedAt.toISOString(),
    }));
    await db.execute(sql`
      insert into matches (tenant_id, area_id, call_id, score, explanation, profile_version, computed_at)
      select tenant_id, area_id, call_id, score, explanation, profile_version, computed_at
      from json_populate_recordset(null::matches, ${JSON.stringify(chunk)}::json)`);
  }
}

/** Relevant / not-relevant verdicts per area, with the judged calls' features (closed ones too). */
async function loadFeedback(
  deps: MatchingDeps,
  tenantIds: string[],
): Promise<Map<string, AreaFeedback>> {
  const byArea = new Map<string, AreaFeedback>();
  if (tenantIds.length === 0) return byArea;
  const verdicts = await deps.db
    .select({
      areaId: matchFeedback.areaId,
      callId: matchFeedback.callId,
      verdict: matchFeedback.verdict,
    })
    .from(matchFeedback)
    .innerJoin(priorityAreas, eq(priorityAreas.id, matchFeedback.areaId))
    .where(
      and(
        inArray(matchFeedback.tenantId, tenantIds),
        inArray(matchFeedback.verdict, ['relevant', 'not_relevant']),
      ),
    );
  const judged = new Map(
    (await deps.features.loadCalls(deps.db, [...new Set(verdicts.map((row) => row.callId))])).map(
      (features) => [features.call.id, features],
    ),
  );
  for (const row of verdicts) {
    const features = judged.get(row.callId);
    if (!features) continue;
    const entry = byArea.get(row.areaId) ?? { relevant: [], notRelevant: [] };
    (row.verdict === 'relevant' ? entry.relevant : entry.notRelevant).push(features);
    byArea.set(row.areaId, entry);
  }
  return byArea;
}
