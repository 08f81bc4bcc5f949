import { and, asc, eq, isNull, lt, notExists, notInArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { digestEmails, digestRuns } from '../db/schema/index.js';
import { composeDigestMessage } from './compose.js';
import type { DigestDeps } from './deps.js';
import { MailDeliveryError } from './mailer.js';

/**
 * Temporary failures (4xx, a lost connection) an email may have before it counts as
 * undeliverable. BullMQ retries a run's job from one minute, doubling (queueOptions.digests),
 * and recovery re-queues unfinished runs every ten minutes: twelve attempts are about two
 * hours of trying, well past greylisting and a mail server's restart.
 */
export const MAX_TEMPORARY_ATTEMPTS = 12;

/**
 * A run unfinished this long after it was planned has lost its job (a worker died, Redis
 * lost it): its own job sends within seconds, and a retry's back-off keeps it unfinished
 * only while its emails wait, which a re-queue merely tries sooner.
 */
export const RECOVERY_GRACE_MS = 5 * 60_000;

/** A send-digest job that ends with temporary failures; BullMQ retries it with back-off. */
export class TemporaryDeliveryError extends Error {
  override readonly name = 'TemporaryDeliveryError';
}

type Outcome = 'sent' | 'failed' | 'temporary';
type Tally = Record<Outcome, number>;
type RunRow = typeof digestRuns.$inferSelect;

/**
 * Sends a run's pending emails, each under a row lock; see digest_emails. Each email is one
 * transaction: lock the next pending row (SKIP LOCKED, so several workers share a run and
 * none sends a row another is sending), hand it to SMTP, mark it sent with the answer,
 * commit. A crash between SMTP's answer and the commit leaves that one row pending; it goes
 * out again under the same Message-ID. Temporary failures are counted on the row and the
 * rest of the run goes on; then the job throws, and its retry sends only what is left.
 */
export async function sendDigestRun(
  deps: DigestDeps,
  runId: string,
): Promise<{ sent: number; failed: number; temporary: number }> {
  const tally: Tally = { sent: 0, failed: 0, temporary: 0 };
  const [run] = await deps.db.select().from(digestRuns).where(eq(digestRuns.id, runId));
  if (!run) {
    // The tenant or department was deleted since (the run cascades away): nothing to send.
    deps.logger.info({ runId }, 'digest run no longer exists');
    return tally;
  }
  // Emails that failed for now are left for the retry, not taken again in this pass.
  const deferred: number[] = [];
  for (;;) {
    const attempt = await sendNextEmail(deps, run, deferred);
    if (!attempt) break;
    tally[attempt.outcome] += 1;
    if (attempt.outcome === 'temporary') deferred.push(attempt.emailId);
  }
  const finished = await finishRunIfDone(deps, run.id);
  deps.logger.info({ runId, ...tally, finished }, 'digest run sent');
  if (tally.temporary > 0) {
    throw new TemporaryDeliveryError(
      `${tally.temporary} email(s) of digest run ${runId} failed temporarily; retried later`,
    );
  }
  return tally;
}

async function sendNextEmail(
  deps: DigestDeps,
  run: RunRow,
  deferred: number[],
): Promise<{ emailId: number; outcome: Outcome } | null> {
  return deps.db.transaction(async (tx) => {
    const [email] = await tx
      .select()
      .from(digestEmails)
      .where(
        and(
          eq(digestEmails.runId, run.id),
          eq(digestEmails.status, 'pending'),
          deferred.length > 0 ? notInArray(digestEmails.id, deferred) : undefined,
        ),
      )
      .orderBy(asc(digestEmails.id))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!email) return null;
    const attempts = email.attempts + 1;
    try {
      // The transaction's own handle: on the embedded database (one connection) a query
      // outside it would wait for it to end.
      const message = await composeDigestMessage({ ...deps, db: tx as Database }, run, email);
      const { response } = await deps.mailer.send(message);
      await tx
        .update(digestEmails)
        .set({
          status: 'sent',
          attempts,
          smtpResponse: response,
          lastError: null,
          sentAt: deps.clock.now(),
        })
        .where(eq(digestEmails.id, email.id));
      return { emailId: email.id, outcome: 'sent' as const };
    } catch (error) {
      const outcome = await recordFailure(tx as Database, email.id, attempts, error);
      deps.logger.warn(
        {
          runId: run.id,
          emailId: email.id,
          attempts,
          outcome,
          responseCode: error instanceof MailDeliveryError ? error.responseCode : null,
        },
        'digest email not delivered',
      );
      return { emailId: email.id, outcome };
    }
  });
}

/**
 * A permanent rejection is recorded as failed and never retried; a temporary one counts an
 * attempt and stays pending, until MAX_TEMPORARY_ATTEMPTS make it failed too. A rendering
 * error counts as temporary: a fixed renderer should still send the email.
 */
async function recordFailure(
  tx: Database,
  emailId: number,
  attempts: number,
  error: unknown,
): Promise<'failed' | 'temporary'> {
  const message = error instanceof Error ? error.message : String(error);
  const permanent = error instanceof MailDeliveryError && error.permanent;
  const exhausted = !permanent && attempts >= MAX_TEMPORARY_ATTEMPTS;
  const lastError = exhausted
    ? `gave up after ${attempts} temporary failures; the last: ${message}`
    : message;
  await tx
    .update(digestEmails)
    .set({ status: permanent || exhausted ? 'failed' : 'pending', attempts, lastError })
    .where(eq(digestEmails.id, emailId));
  return permanent || exhausted ? 'failed' : 'temporary';
}

/** Marks the run finished once no email of it is pending (whoever sent the last one). */
async function finishRunIfDone(deps: Pick<DigestDeps, 'db' | 'clock'>, runId: string) {
  const finished = await deps.db
    .update(digestRuns)
    .set({ finishedAt: deps.clock.now() })
    .where(
      and(
        eq(digestRuns.id, runId),
        isNull(digestRuns.finishedAt),
        notExists(
          deps.db
            .select({ id: digestEmails.id })
            .from(digestEmails)
            .where(and(eq(digestEmails.runId, runId), eq(digestEmails.status, 'pending'))),
        ),
      ),
    )
    .returning({ id: digestRuns.id });
  return finished.length > 0;
}

/** Runs re-queued per recovery pass at most; the next pass takes the rest. */
const RECOVERY_BATCH = 500;

/**
 * Re-queues send-digest for runs left unfinished. The job id names the run and the grace
 * window, so recoveries racing in one window queue one job, and a later pass (the previous
 * job long completed, which BullMQ would otherwise treat as a duplicate) queues a new one.
 * A duplicate job is harmless anyway: it only sends rows still pending, each under a lock.
 */
export async function recoverUnfinishedDigests(deps: DigestDeps): Promise<{ requeued: number }> {
  const now = deps.clock.now().getTime();
  const runs = await deps.db
    .select({ id: digestRuns.id })
    .from(digestRuns)
    .where(
      and(
        isNull(digestRuns.finishedAt),
        lt(digestRuns.createdAt, new Date(now - RECOVERY_GRACE_MS)),
      ),
    )
    .orderBy(asc(digestRuns.createdAt))
    .limit(RECOVERY_BATCH);
  const window = Math.floor(now / RECOVERY_GRACE_MS);
  for (const run of runs) {
    await deps
      .jobs()
      .enqueue(
        'digests',
        'send-digest',
        { runId: run.id },
        { jobId: `recover-${run.id}-${window}` },
      );
  }
  if (runs.length > 0)
    deps.logger.info({ requeued: runs.length }, 'unfinished digest runs re-queued');
  return { requeued: runs.length };
}
