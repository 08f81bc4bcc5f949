import { and, eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { calls, matchFeedback, priorityAreas } from '../db/schema/index.js';
import { NotFound } from '../errors.js';
import type { FeedbackVerdict } from './feedback.js';

/**
 * Records a coordinator's verdict on a call for one of the tenant's areas (the latest
 * verdict wins). The caller re-matches the tenant so similar calls move.
 */
export async function recordFeedback(
  db: Database,
  input: { tenantId: string; areaKey: string; callId: string; verdict: FeedbackVerdict },
  clock: Clock,
): Promise<void> {
  const now = clock.now();
  const [area] = await db
    .select({ id: priorityAreas.id })
    .from(priorityAreas)
    .where(and(eq(priorityAreas.tenantId, input.tenantId), eq(priorityAreas.key, input.areaKey)));
  if (!area) throw new NotFound(`No area "${input.areaKey}" for this tenant`);
  const [call] = await db.select({ id: calls.id }).from(calls).where(eq(calls.id, input.callId));
  if (!call) throw new NotFound(`No call with id ${input.callId}`);
  await db
    .insert(matchFeedback)
    .values({
      tenantId: input.tenantId,
      areaId: area.id,
      callId: call.id,
      verdict: input.verdict,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [matchFeedback.tenantId, matchFeedback.areaId, matchFeedback.callId],
      set: { verdict: input.verdict, updatedAt: now },
    });
}
