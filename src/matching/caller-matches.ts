import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { TENANT_HEADER } from '../auth/access-plugin.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { calls, matches, matchFeedback, priorityAreas, tenants } from '../db/schema/index.js';
import { NotFound } from '../errors.js';
import {
  acceptedLanguage,
  daysLeftOf,
  explanationLanguage,
  explanationView,
} from './explanation-view.js';
import { CallerMatches } from './schemas.js';

/**
 * The tenant a request on a public route acts for, if any: the key's own tenant, or for an
 * admin key the one its X-Tenant header names (404 when no such tenant). The access plugin
 * sets request.tenant on tenant routes only; call data is public, so it is resolved here.
 */
export async function callerTenant(
  db: Database,
  request: FastifyRequest,
): Promise<{ id: string; languages: string[] } | null> {
  const principal = request.principal;
  if (!principal) return null;
  const slug = request.headers[TENANT_HEADER];
  if (principal.role === 'admin' && (typeof slug !== 'string' || slug === '')) return null;
  const [tenant] = await db
    .select({ id: tenants.id, languages: tenants.languages })
    .from(tenants)
    .where(
      principal.role === 'admin'
        ? eq(tenants.slug, slug as string)
        : eq(tenants.id, principal.tenantId as string),
    );
  if (!tenant && principal.role === 'admin') throw new NotFound(`No tenant "${String(slug)}"`);
  // A tenant key whose tenant was just deleted: answered as public call data.
  return tenant ?? null;
}

/** The tenant's areas that matched the call, best first, with explanations and verdicts. */
export async function matchesOfCall(
  db: Database,
  input: {
    tenant: { id: string; languages: string[] };
    callId: string;
    now: Date;
    acceptLanguage?: string;
  },
): Promise<NonNullable<CallerMatches['matches']>> {
  const weighted = sql<number>`${matches.score} * ${priorityAreas.weight}`;
  const rows = await db
    .select({
      area: priorityAreas.key,
      score: weighted,
      explanation: matches.explanation,
      feedback: matchFeedback.verdict,
      nextDeadlineAt: calls.nextDeadlineAt,
    })
    .from(matches)
    .innerJoin(priorityAreas, eq(priorityAreas.id, matches.areaId))
    .innerJoin(calls, eq(calls.id, matches.callId))
    .leftJoin(
      matchFeedback,
      and(
        eq(matchFeedback.tenantId, matches.tenantId),
        eq(matchFeedback.areaId, matches.areaId),
        eq(matchFeedback.callId, matches.callId),
      ),
    )
    .where(
      and(
        eq(matches.tenantId, input.tenant.id),
        eq(matches.callId, input.callId),
        inArray(calls.status, ['open', 'forthcoming']),
      ),
    )
    .orderBy(desc(weighted), priorityAreas.key);
  const language = explanationLanguage(
    acceptedLanguage(input.acceptLanguage),
    input.tenant.languages[0],
  );
  return rows.map((row) => ({
    area: row.area,
    score: Number(row.score),
    explanation: explanationView(
      row.explanation,
      daysLeftOf(row.nextDeadlineAt, input.now),
      language,
    ),
    feedback: row.feedback,
  }));
}

/**
 * What GET /v1/calls/:id adds for a caller with a tenant key: `matches`, that tenant's areas
 * that matched the call. Without a tenant the field is left out.
 */
export function callerMatchesAddition(db: Database, clock: Clock) {
  return {
    schema: CallerMatches,
    async add(request: FastifyRequest, callId: string): Promise<CallerMatches> {
      const tenant = await callerTenant(db, request);
      if (!tenant) return {};
      const acceptLanguage = request.headers['accept-language'];
      return {
        matches: await matchesOfCall(db, { tenant, callId, now: clock.now(), acceptLanguage }),
      };
    },
  };
}
