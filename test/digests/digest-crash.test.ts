import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestEmails, digestRuns } from '../../src/db/schema/index.js';
import { RECOVERY_GRACE_MS } from '../../src/digests/sender.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq.js';
import { queueOptions } from '../../src/jobs/contract.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, redisUrl, type TestDatabase } from '../helpers/database.js';
import {
  insertDigestRun,
  seedLidingoEducation,
  TEST_MAIL_FROM,
  TEST_PUBLIC_BASE_URL,
  testRecipients,
} from '../helpers/digest-runs.js';
import { type CaptureSmtp, startCaptureSmtp } from '../helpers/smtp.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

/** Recipients of the run: enough that the kill lands well inside the batch. */
const RECIPIENTS = testRecipients(12, 'crash');
/** The worker is killed while the server holds this message (received, not yet answered). */
const KILLED_DURING = 6;

const prefix = `callradar-test-${randomUUID()}`;
let database: TestDatabase;
let smtp: CaptureSmtp;
let producer: BullmqJobQueue;
let dataDir: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  // Each message is held before the server answers, so the kill finds one in flight; a
  // second, so that a busy machine's delay between seeing it arrive and killing stays inside.
  smtp = await startCaptureSmtp({ holdMs: 1_000 });
  producer = new BullmqJobQueue(redisUrl, prefix);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'callradar-crash-'));
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await producer?.close();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  for (const name of Object.keys(queueOptions)) {
    await new Queue(name, { connection, prefix }).obliterate({ force: true });
  }
  await connection.quit();
  await smtp?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The production worker (workers/main.ts) as a process of its own, on this test's SMTP. */
async function startWorker(): Promise<WorkerProcess> {
  const worker = await startWorkerProcess({
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: prefix,
    SMTP_URL: smtp.url,
    MAIL_FROM: TEST_MAIL_FROM,
    PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL,
    SMTP_MESSAGES_PER_SECOND: '1000',
    DATA_DIR: dataDir,
  });
  workers.push(worker);
  return worker;
}

/** Each email's status, in the order of RECIPIENTS (the order the sender takes them). */
async function statuses(runId: string) {
  const rows = await database.db
    .select({ status: digestEmails.status })
    .from(digestEmails)
    .where(eq(digestEmails.runId, runId))
    .orderBy(digestEmails.id);
  return rows.map((row) => row.status);
}

describe('a digest worker killed with SIGKILL in the middle of a batch', () => {
  it('leaves every recipient exactly one digest for the period once a worker runs again', {
    timeout: 180_000,
  }, async () => {
    // Planned an hour ago by the wall clock the worker runs on: old enough for recovery.
    const plannedAt = new Date(Date.now() - 12 * RECOVERY_GRACE_MS);
    const clock = new ManualClock(plannedAt);
    const department = await seedLidingoEducation(database.db, clock);
    // As the planner commits a run: emails and the send-digest follow-up in one transaction.
    const { runId, emailIds } = await insertDigestRun(database.db, clock, {
      ...department,
      recipients: RECIPIENTS,
      followUp: true,
    });

    const first = await startWorker();
    await smtp.waitForReceived(KILLED_DURING);
    await first.kill();

    // The kill landed inside the batch: those before it sent, the held one and the rest
    // pending. The held one reached the server, which never answered it: in doubt.
    expect(await statuses(runId)).toEqual(
      RECIPIENTS.map((_, index) => (index < KILLED_DURING - 1 ? 'sent' : 'pending')),
    );
    const inDoubt = smtp.messages[KILLED_DURING - 1];
    expect(inDoubt?.acknowledged).toBe(false);

    // The lost job: a new worker, and the periodic check that finds the unfinished run.
    const second = await startWorker();
    await producer.enqueue('digests', 'recover-digests', {});
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [run] = await database.db.select().from(digestRuns).where(eq(digestRuns.id, runId));
      if (run?.finishedAt) break;
      if (Date.now() > deadline) {
        throw new Error(`the run did not finish after the restart:\n${second.output}`);
      }
      await sleep(100);
    }

    expect(await statuses(runId)).toEqual(RECIPIENTS.map(() => 'sent'));
    const received = smtp.byRecipient();
    expect([...received.keys()].sort()).toEqual([...RECIPIENTS].sort());
    for (const recipient of RECIPIENTS) {
      const messages = received.get(recipient) ?? [];
      // By Message-ID: one digest, whatever was resent (a resend carries the same id).
      expect(new Set(messages.map((message) => message.messageId))).toEqual(
        new Set([`<digest-email-${emailIds.get(recipient)}@callradar.test>`]),
      );
      expect(messages.some((message) => message.acknowledged)).toBe(true);
    }
    // Only the message in flight at the kill was received twice, under the same Message-ID,
    // which mail clients fold into one; every other recipient got one message.
    const twice = RECIPIENTS.filter((recipient) => (received.get(recipient)?.length ?? 0) > 1);
    expect(twice).toEqual(inDoubt?.recipients);
    expect(received.get(twice[0] as string)).toHaveLength(2);
    expect(smtp.messages).toHaveLength(RECIPIENTS.length + 1);
  });
});
