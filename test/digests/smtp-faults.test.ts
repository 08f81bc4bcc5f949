import { UnrecoverableError } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestEmails, digestRuns } from '../../src/db/schema/index.js';
import { sendDigestRun, TemporaryDeliveryError } from '../../src/digests/sender.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  insertDigestRun,
  seedLidingoEducation,
  senderDeps,
  testRecipients,
} from '../helpers/digest-runs.js';
import { startCaptureSmtp } from '../helpers/smtp.js';

const clock = new ManualClock(new Date('2026-06-22T05:00:00.000Z'));
let database: TestDatabase;
let department: { departmentId: string; tenantId: string };
const opened: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  department = await seedLidingoEducation(database.db, clock);
});

afterAll(async () => {
  for (const resource of opened.reverse()) await resource.close();
  await database.drop();
});

async function rowsByRecipient(runId: string) {
  const rows = await database.db.select().from(digestEmails).where(eq(digestEmails.runId, runId));
  return new Map(rows.map((row) => [row.recipient, row]));
}

async function finishedAt(runId: string) {
  const [run] = await database.db.select().from(digestRuns).where(eq(digestRuns.id, runId));
  return run?.finishedAt ?? null;
}

describe('SMTP faults in one batch', () => {
  it('retries a 4xx and delivers it, records a 5xx for good, and delivers everyone else first time', async () => {
    const recipients = testRecipients(6, 'batch');
    const [greylisted, unknown, refusedContent] = recipients as [string, string, string];
    const smtp = await startCaptureSmtp({
      temporaryOnce: [greylisted],
      permanent: [unknown],
      rejectMessageTo: [refusedContent],
    });
    const deps = senderDeps(database.db, clock, { SMTP_URL: smtp.url });
    opened.push(smtp, deps.mailer);
    const { runId } = await insertDigestRun(database.db, clock, {
      ...department,
      recipients,
      period: '2026-W26-batch',
    });
    const healthy = recipients.filter((r) => ![greylisted, unknown, refusedContent].includes(r));

    // The first pass: the job fails (BullMQ retries it with back-off), after the whole batch.
    const firstPass = sendDigestRun(deps, runId);
    await expect(firstPass).rejects.toBeInstanceOf(TemporaryDeliveryError);
    await expect(firstPass).rejects.not.toBeInstanceOf(UnrecoverableError);
    let rows = await rowsByRecipient(runId);
    expect(new Set(smtp.byRecipient().keys())).toEqual(new Set(healthy));
    for (const recipient of healthy) expect(rows.get(recipient)?.status).toBe('sent');
    expect(rows.get(greylisted)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(rows.get(greylisted)?.lastError).toMatch(/451/);
    expect(rows.get(unknown)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(rows.get(unknown)?.lastError).toMatch(/550/);
    expect(rows.get(refusedContent)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(rows.get(refusedContent)?.lastError).toMatch(/554/);
    expect(await finishedAt(runId)).toBeNull();

    // The retry: only the greylisted email is still pending, and it goes through.
    expect(await sendDigestRun(deps, runId)).toEqual({ sent: 1, failed: 0, temporary: 0 });
    rows = await rowsByRecipient(runId);
    expect(rows.get(greylisted)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(smtp.byRecipient().get(greylisted)).toHaveLength(1);
    // The permanent failures were not tried again.
    expect(smtp.rcptAttempts.get(unknown)).toBe(1);
    expect(smtp.rcptAttempts.get(refusedContent)).toBe(1);
    expect(rows.get(unknown)?.status).toBe('failed');
    expect(await finishedAt(runId)).toEqual(clock.now());
    for (const recipient of healthy) expect(smtp.byRecipient().get(recipient)).toHaveLength(1);
  });

  it('treats a server that is down as temporary, and delivers once it is back', async () => {
    const first = await startCaptureSmtp();
    const { port } = first;
    await first.close();
    const deps = senderDeps(database.db, clock, { SMTP_URL: `smtp://127.0.0.1:${port}` });
    opened.push(deps.mailer);
    const recipients = testRecipients(3, 'down');
    const { runId } = await insertDigestRun(database.db, clock, {
      ...department,
      recipients,
      period: '2026-W26-down',
    });

    await expect(sendDigestRun(deps, runId)).rejects.toBeInstanceOf(TemporaryDeliveryError);
    let rows = await rowsByRecipient(runId);
    for (const recipient of recipients) {
      expect(rows.get(recipient)).toMatchObject({ status: 'pending', attempts: 1 });
      expect(rows.get(recipient)?.lastError).toMatch(/ECONNREFUSED|connect/i);
    }

    const back = await startCaptureSmtp({}, port);
    // Closed after the mailer, whose pooled connection ends with QUIT first.
    opened.splice(opened.length - 1, 0, back);
    expect(await sendDigestRun(deps, runId)).toEqual({
      sent: recipients.length,
      failed: 0,
      temporary: 0,
    });
    rows = await rowsByRecipient(runId);
    for (const recipient of recipients) expect(rows.get(recipient)?.status).toBe('sent');
    expect([...back.byRecipient().keys()].sort()).toEqual([...recipients].sort());
  });
});
