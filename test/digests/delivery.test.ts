import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migratePglite } from '../../src/db/migrate.js';
import { digestEmails, digestRuns } from '../../src/db/schema/index.js';
import type { DigestDeps } from '../../src/digests/deps.js';
import {
  MAX_TEMPORARY_ATTEMPTS,
  RECOVERY_GRACE_MS,
  recoverUnfinishedDigests,
  sendDigestRun,
} from '../../src/digests/sender.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, redisUrl, type TestDatabase } from '../helpers/database.js';
import {
  insertDigestRun,
  seedLidingoEducation,
  senderDeps,
  TEST_MAIL_FROM,
  testRecipients,
} from '../helpers/digest-runs.js';
import { type CaptureSmtp, startCaptureSmtp } from '../helpers/smtp.js';

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

/** A capture server and a sender pointed at it; both closed after the file. */
async function smtpSender(
  behaviour: Parameters<typeof startCaptureSmtp>[0] = {},
  env: Record<string, string> = {},
): Promise<{ smtp: CaptureSmtp; deps: DigestDeps }> {
  const smtp = await startCaptureSmtp(behaviour);
  const deps = senderDeps(database.db, clock, { SMTP_URL: smtp.url, ...env });
  // The mailer first: its pooled connections end with QUIT before the server closes.
  opened.push(smtp, deps.mailer);
  return { smtp, deps };
}

const emailsOf = (runId: string) =>
  database.db
    .select()
    .from(digestEmails)
    .where(eq(digestEmails.runId, runId))
    .orderBy(digestEmails.id);

const headerLine = (raw: string, name: string) =>
  raw
    .split('\r\n\r\n')[0]
    ?.replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));

describe('sending a digest run over SMTP', () => {
  it('sends each pending email once, as multipart with both unsubscribe headers, and marks it sent', async () => {
    const { smtp, deps } = await smtpSender();
    const recipients = testRecipients(5, 'send');
    const { runId, emailIds } = await insertDigestRun(database.db, clock, {
      ...department,
      recipients,
      period: '2026-W26-send',
    });

    expect(await sendDigestRun(deps, runId)).toEqual({
      sent: recipients.length,
      failed: 0,
      temporary: 0,
    });

    const received = smtp.byRecipient();
    expect([...received.keys()].sort()).toEqual([...recipients].sort());
    for (const recipient of recipients) {
      const [message, ...more] = received.get(recipient) ?? [];
      expect(more).toHaveLength(0);
      expect(message?.messageId).toBe(`<digest-email-${emailIds.get(recipient)}@callradar.test>`);
      expect(message?.parsed.from?.value[0]?.address).toBe(TEST_MAIL_FROM.match(/<(.+)>/)?.[1]);
      expect(message?.parsed.text?.trim()).not.toBe('');
      expect(message?.parsed.html).toBeTruthy();
      const token = Buffer.from(recipient).toString('base64url');
      expect(headerLine(message?.raw ?? '', 'List-Unsubscribe')).toMatch(
        new RegExp(
          `^List-Unsubscribe: <https://callradar\\.test/v1/digests/unsubscribe/${token}>, <mailto:[^>]+>$`,
        ),
      );
      expect(headerLine(message?.raw ?? '', 'List-Unsubscribe-Post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
    }

    const rows = await emailsOf(runId);
    expect(rows.map((row) => row.status)).toEqual(recipients.map(() => 'sent'));
    for (const row of rows) {
      expect(row.smtpResponse).toMatch(/^250 /);
      expect(row.sentAt).toEqual(clock.now());
      expect(row.attempts).toBe(1);
    }
    const [run] = await database.db.select().from(digestRuns).where(eq(digestRuns.id, runId));
    expect(run?.finishedAt).toEqual(clock.now());
  });

  it('sends nothing again when the job runs a second time: only pending rows go out', async () => {
    const { smtp, deps } = await smtpSender();
    const recipients = testRecipients(3, 'twice');
    const { runId } = await insertDigestRun(database.db, clock, {
      ...department,
      recipients,
      period: '2026-W26-twice',
    });
    await sendDigestRun(deps, runId);
    expect(await sendDigestRun(deps, runId)).toEqual({ sent: 0, failed: 0, temporary: 0 });
    expect(smtp.messages).toHaveLength(recipients.length);
  });

  it('shares one run between senders racing on it, each email sent once', async () => {
    // Held messages keep each row locked long enough for the senders to overlap.
    const { smtp, deps } = await smtpSender({ holdMs: 40 });
    const recipients = testRecipients(12, 'race');
    const { runId } = await insertDigestRun(database.db, clock, {
      ...department,
      recipients,
      period: '2026-W26-race',
    });
    const tallies = await Promise.all([1, 2, 3].map(() => sendDigestRun(deps, runId)));

    expect(tallies.reduce((sum, tally) => sum + tally.sent, 0)).toBe(recipients.length);
    expect(tallies.filter((tally) => tally.sent > 0).length).toBeGreaterThan(1);
    const received = smtp.byRecipient();
    expect(recipients.map((recipient) => received.get(recipient)?.length)).toEqual(
      recipients.map(() => 1),
    );
  });

  it('hands SMTP no more than SMTP_MESSAGES_PER_SECOND', async () => {
    const perSecond = 4;
    const { smtp, deps } = await smtpSender({}, { SMTP_MESSAGES_PER_SECOND: String(perSecond) });
    // Two seconds' worth and one more: the last cannot leave before two seconds passed.
    const recipients = testRecipients(2 * perSecond + 1, 'rate');
    const { runId } = await insertDigestRun(database.db, clock, {
      ...department,
      recipients,
      period: '2026-W26-rate',
    });
    const startedAt = Date.now();
    await sendDigestRun(deps, runId);

    const arrivals = smtp.messages.map((message) => message.receivedAt);
    expect(arrivals).toHaveLength(recipients.length);
    const spacingMs = 1_000 / perSecond;
    // A lower bound only (a slow machine is later, never earlier); 10 ms for clock rounding.
    expect(Math.max(...arrivals) - startedAt).toBeGreaterThanOrEqual(
      (recipients.length - 1) * spacingMs - 10,
    );
  });

  it('gives a temporary failure up after MAX_TEMPORARY_ATTEMPTS, as failed', async () => {
    const { deps } = await smtpSender({ permanent: [] });
    const [recipient] = testRecipients(1, 'exhausted');
    const { runId, emailIds } = await insertDigestRun(database.db, clock, {
      ...department,
      recipients: [recipient as string],
      period: '2026-W26-exhausted',
    });
    // Every attempt but the last already failed; this one finds the server gone.
    const unreachable = senderDeps(database.db, clock, { SMTP_URL: 'smtp://127.0.0.1:9' });
    opened.push(unreachable.mailer);
    await database.db
      .update(digestEmails)
      .set({ attempts: MAX_TEMPORARY_ATTEMPTS - 1 })
      .where(eq(digestEmails.id, emailIds.get(recipient as string) as number));

    expect(await sendDigestRun(unreachable, runId)).toEqual({ sent: 0, failed: 1, temporary: 0 });
    const [row] = await emailsOf(runId);
    expect(row?.status).toBe('failed');
    expect(row?.attempts).toBe(MAX_TEMPORARY_ATTEMPTS);
    expect(row?.lastError).toMatch(/^gave up after 12 temporary failures; the last: /);
    // Failed for good is finished: nothing of the run is pending.
    expect(await sendDigestRun(deps, runId)).toEqual({ sent: 0, failed: 0, temporary: 0 });
    const [run] = await database.db.select().from(digestRuns).where(eq(digestRuns.id, runId));
    expect(run?.finishedAt).toEqual(clock.now());
  });
});

describe('without SMTP_URL: the outbox', () => {
  it('writes each email as an .eml file named by its Message-ID, whole, and once per resend', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'callradar-outbox-'));
    const deps = senderDeps(database.db, clock, { DATA_DIR: dataDir });
    opened.push(deps.mailer, { close: () => rm(dataDir, { recursive: true, force: true }) });
    const recipients = testRecipients(3, 'outbox');
    const { runId, emailIds } = await insertDigestRun(database.db, clock, {
      ...department,
      recipients,
      period: '2026-W26-outbox',
    });
    await sendDigestRun(deps, runId);
    // A crash before the mark: the same row goes out again under the same Message-ID.
    await database.db
      .update(digestEmails)
      .set({ status: 'pending' })
      .where(eq(digestEmails.id, emailIds.get(recipients[0] as string) as number));
    await sendDigestRun(deps, runId);

    const outboxDir = path.join(dataDir, 'outbox');
    const files = (await readdir(outboxDir)).sort();
    const expectedFiles = recipients
      .map((recipient) => `digest-email-${emailIds.get(recipient)}@callradar.test.eml`)
      .sort();
    expect(files).toEqual(expectedFiles);
    for (const recipient of recipients) {
      const file = `digest-email-${emailIds.get(recipient)}@callradar.test.eml`;
      const raw = await readFile(path.join(outboxDir, file), 'utf8');
      const parsed = await simpleParser(raw);
      expect(parsed.messageId).toBe(`<digest-email-${emailIds.get(recipient)}@callradar.test>`);
      expect(parsed.to && 'text' in parsed.to ? parsed.to.text : null).toBe(recipient);
      expect(headerLine(raw, 'List-Unsubscribe-Post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
    }
    const rows = await emailsOf(runId);
    expect(rows.every((row) => row.smtpResponse?.startsWith('written to the outbox as '))).toBe(
      true,
    );
  });
});

describe('the embedded default: PGlite and the outbox', () => {
  // PGlite has one connection: a query outside the email's transaction would wait for it.
  // Opening and migrating it is slow on a busy machine, hence the longer timeout.
  it('sends a run on the embedded database into the outbox', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'callradar-embedded-'));
    const embedded = await openDatabase({ databaseUrl: null, dataDir });
    opened.push({
      close: async () => {
        await embedded.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    });
    await migratePglite(embedded);
    const embeddedDepartment = await seedLidingoEducation(embedded.db, clock);
    const deps = senderDeps(embedded.db, clock, { DATA_DIR: dataDir });
    opened.push(deps.mailer);
    const recipients = testRecipients(3, 'embedded');
    const { runId } = await insertDigestRun(embedded.db, clock, {
      ...embeddedDepartment,
      recipients,
    });

    expect(await sendDigestRun(deps, runId)).toEqual({
      sent: recipients.length,
      failed: 0,
      temporary: 0,
    });
    expect(await readdir(path.join(dataDir, 'outbox'))).toHaveLength(recipients.length);
  });
});

describe('recovering runs left unfinished', () => {
  it('re-queues send-digest for unfinished runs older than the grace period, once per window', async () => {
    const prefix = `callradar-test-${randomUUID()}`;
    const producer = new BullmqJobQueue(redisUrl, prefix);
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('digests', { connection, prefix });
    opened.push(
      { close: () => connection.quit() },
      { close: () => producer.close() },
      { close: () => queue.close() },
      { close: () => queue.obliterate({ force: true }) },
    );
    const recoveryClock = new ManualClock(new Date('2026-06-29T05:00:00.000Z'));
    const deps = senderDeps(database.db, recoveryClock, {}, () => producer);
    opened.push(deps.mailer);
    const old = new Date(recoveryClock.now().getTime() - RECOVERY_GRACE_MS - 1);
    const recent = new Date(recoveryClock.now().getTime() - RECOVERY_GRACE_MS + 60_000);
    const lost = await insertDigestRun(database.db, recoveryClock, {
      ...department,
      recipients: testRecipients(2, 'lost'),
      period: '2026-W27-lost',
      createdAt: old,
    });
    await insertDigestRun(database.db, recoveryClock, {
      ...department,
      recipients: testRecipients(2, 'recent'),
      period: '2026-W27-recent',
      createdAt: recent,
    });
    // Earlier runs of this file are finished, and so is this old one: neither is re-queued.
    const done = await insertDigestRun(database.db, recoveryClock, {
      ...department,
      recipients: testRecipients(1, 'done'),
      period: '2026-W27-done',
      createdAt: old,
    });
    await database.db
      .update(digestRuns)
      .set({ finishedAt: old })
      .where(eq(digestRuns.id, done.runId));

    expect(await recoverUnfinishedDigests(deps)).toEqual({ requeued: 1 });
    expect(await recoverUnfinishedDigests(deps)).toEqual({ requeued: 1 });
    const queued = await queue.getJobs(['waiting']);
    expect(queued.map((job) => [job.name, job.data])).toEqual([
      ['send-digest', { runId: lost.runId }],
    ]);

    // The next window: the lost run is queued again, and the recent one is now old enough.
    recoveryClock.set(new Date(recoveryClock.now().getTime() + RECOVERY_GRACE_MS));
    expect(await recoverUnfinishedDigests(deps)).toEqual({ requeued: 2 });
    expect(await queue.getWaitingCount()).toBe(3);
  });
});
