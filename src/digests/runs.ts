import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { digestRuns } from '../db/schema/index.js';
import { recordFollowUp } from '../jobs/outbox.js';
import type { DigestPeriod } from './schedule.js';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface PlanCount {
  runs: number;
  emails: number;
}

/** Inserts the run unless the period has one; its id, or null when it was already planned. */
export async function claimRun(
  tx: Tx,
  values: {
    tenantId: string;
    departmentId: string | null;
    kind: 'department' | 'overview';
    period: DigestPeriod;
    createdAt: Date;
  },
): Promise<string | null> {
  const [run] = await tx
    .insert(digestRuns)
    .values({
      tenantId: values.tenantId,
      departmentId: values.departmentId,
      kind: values.kind,
      period: values.period.label,
      dueAt: values.period.dueAt,
      createdAt: values.createdAt,
    })
    .onConflictDoNothing()
    .returning({ id: digestRuns.id });
  return run?.id ?? null;
}

/**
 * A run with emails hands them to send-digest (recorded here, relayed after the commit); a
 * run without (everyone off, nothing to tell) is finished at once, and stays as the record
 * that this period was decided, so a call matched later in the week waits for next week.
 */
export async function finishOrFollowUp(
  tx: Tx,
  runId: string,
  emails: number,
  at: Date,
): Promise<void> {
  if (emails > 0) await recordFollowUp(tx, 'digests', 'send-digest', { runId }, at);
  else await tx.update(digestRuns).set({ finishedAt: at }).where(eq(digestRuns.id, runId));
}
