import { and, eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { calls, matchFeedback, priorityAreas } from '../db/schema/index.js';
import { NotFound } from '../errors.js';
import { recordFollowUp } from '../jobs/outbox.js';
import type { FeedbackVerdict } from './feedback.js';
import { bumpMatchesVersion } from './matches-version.js';
import type { FeedbackItem } from './schemas.js';

/** A transaction handle: the same drizzle API as the database. */
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The tenant's area by key; another tenant's areas are simply not found. */
export async function areaOf(db: Database | Tx, tenantId: string, areaKey: string) {
  const [area] = await db
    .select({ id: priorityAreas.id, key: priorityAreas.key })
    .from(priorityAreas)
    .where(and(eq(priorityAreas.tenantId, tenantId), eq(priorityAreas.key, areaKey)));
  if (!area) throw new NotFound(`No area "${areaKey}" for this tenant`);
  return area;
}

async function callOf(db: Database | Tx, callId: string) {
  const [call] = await db
    .select({ id: calls.id, identifier: calls.identifier, title: calls.title })
    .from(calls)
    .where(eq(calls.id, callId));
  if (!call) throw new NotFound(`No call with id ${callId}`);
  return call;
}

/**
 * Verdicts move similar calls only at the next match of the tenant: queued with the change.
 * The verdict itself shows at once (muted calls go, items carry their verdict), so the
 * tenant's cached match pages go too.
 */
async function queueRematch(tx: Tx, tenantId: string, now: Date) {
  await bumpMatchesVersion(tx as unknown as Database, [tenantId]);
  await recordFollowUp(tx, 'matching', 'rematch-tenant', { tenantId }, now);
}

/**
 * Records a coordinator's verdict on a call for one of the tenant's areas (the latest
 * verdict wins), and in the same transaction the tenant's re-match, so similar calls move
 * (src/matching/feedback.ts). The caller pokes the follow-up relay after it returns.
 */
export async function recordFeedback(
  db: Database,
  input: {
    tenantId: string;
    areaKey: string;
    callId: string;
    verdict: FeedbackVerdict;
    note?: string | null;
  },
  clock: Clock,
): Promise<FeedbackItem> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const area = await areaOf(tx, input.tenantId, input.areaKey);
    const call = await callOf(tx, input.callId);
    const note = input.note ?? null;
    const [stored] = await tx
      .insert(matchFeedback)
      .values({
        tenantId: input.tenantId,
        areaId: area.id,
        callId: call.id,
        verdict: input.verdict,
        note,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [matchFeedback.tenantId, matchFeedback.areaId, matchFeedback.callId],
        set: { verdict: input.verdict, note, updatedAt: now },
      })
      .returning();
    if (!stored) throw new Error('feedback upsert returned no row');
    await queueRematch(tx, input.tenantId, now);
    return {
      callId: call.id,
      call: { identifier: call.identifier, title: call.title },
      area: area.key,
      verdict: stored.verdict,
      note: stored.note,
      createdAt: stored.createdAt.toISOString(),
      updatedAt: stored.updatedAt.toISOString(),
    };
  });
}

/**
 * Withdraws the tenant's verdicts on a call: for one area, or for all its areas. A re-match
 * is queued in the same transaction when a verdict was withdrawn. Returns how many were.
 */
export async function withdrawFeedback(
  db: Database,
  input: { tenantId: string; callId: string; areaKey?: string },
  clock: Clock,
): Promise<number> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    await callOf(tx, input.callId);
    const conditions = [
      eq(matchFeedback.tenantId, input.tenantId),
      eq(matchFeedback.callId, input.callId),
    ];
    if (input.areaKey)
      conditions.push(
        eq(matchFeedback.areaId, (await areaOf(tx, input.tenantId, input.areaKey)).id),
      );
    const removed = await tx
      .delete(matchFeedback)
      .where(and(...conditions))
      .returning({ callId: matchFeedback.callId });
    if (removed.length > 0) await queueRematch(tx, input.tenantId, now);
    return removed.length;
  });
}
