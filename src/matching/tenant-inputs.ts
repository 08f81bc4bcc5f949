import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { matchFeedback, priorityAreas } from '../db/schema/index.js';
import { loadTenantsForMatching, type TenantWithAreas } from '../tenants/repository.js';
import type { FeatureCache } from './corpus-loader.js';
import { type AreaFeedback, areaFeedbackOf } from './feedback.js';

/** What a tenant's scores depend on: its profile (by version) and its coordinator's verdicts. */
export interface TenantInput {
  tenant: TenantWithAreas;
  /** Relevant / not-relevant verdicts per area id, with the judged calls' features. */
  feedback: Map<string, AreaFeedback>;
  /** The verdicts as one comparable string: a re-check sees whether feedback changed. */
  feedbackKey: string;
}

interface Verdict {
  tenantId: string;
  areaId: string;
  callId: string;
  verdict: 'relevant' | 'not_relevant' | 'muted';
}

/** Tenants (all, or the ones asked for) with their areas and feedback, ordered by id. */
export async function loadTenantInputs(
  db: Database,
  features: FeatureCache,
  tenantIds?: string[],
): Promise<TenantInput[]> {
  const tenants = (await loadTenantsForMatching(db, tenantIds)).sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const verdicts = await verdictsOf(
    db,
    tenants.map((tenant) => tenant.id),
  );
  const judgedIds = [...new Set([...verdicts.values()].flat().map((row) => row.callId))];
  const judged = new Map(
    (await features.loadCalls(db, judgedIds)).features.map((entry) => [entry.call.id, entry]),
  );
  return tenants.map((tenant) => {
    const own = verdicts.get(tenant.id) ?? [];
    const byArea = new Map<string, Verdict[]>();
    for (const row of own) byArea.set(row.areaId, [...(byArea.get(row.areaId) ?? []), row]);
    const feedback = new Map<string, AreaFeedback>();
    for (const [areaId, rows] of byArea) feedback.set(areaId, areaFeedbackOf(rows, judged));
    return { tenant, feedback, feedbackKey: feedbackKeyOf(own) };
  });
}

/**
 * The verdicts that move scores (relevant, not relevant; muted only hides a call), per
 * tenant, in a stable order. Verdicts on areas that no longer exist do not count.
 */
export async function verdictsOf(
  db: Database,
  tenantIds: string[],
): Promise<Map<string, Verdict[]>> {
  const byTenant = new Map<string, Verdict[]>();
  if (tenantIds.length === 0) return byTenant;
  const rows = await db
    .select({
      tenantId: matchFeedback.tenantId,
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
    )
    .orderBy(asc(matchFeedback.tenantId), asc(matchFeedback.areaId), asc(matchFeedback.callId));
  for (const row of rows) {
    const list = byTenant.get(row.tenantId) ?? [];
    list.push(row);
    byTenant.set(row.tenantId, list);
  }
  return byTenant;
}

export function feedbackKeyOf(verdicts: Verdict[] | undefined): string {
  return (verdicts ?? []).map((row) => `${row.areaId}:${row.callId}:${row.verdict}`).join(',');
}
