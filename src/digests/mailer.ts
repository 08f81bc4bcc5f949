import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer, { type NodemailerError } from 'nodemailer';
import type { Config } from '../config.js';
import { queueOptions } from '../jobs/contract.js';

/** One message as the sender hands it over: ids and headers decided by the sender. */
export interface OutgoingMessage {
  /** `<digest-email-<row id>@<host>>`: the same on a resend, so mail clients fold the two. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** List-Unsubscribe, List-Unsubscribe-Post and the like, set as they are. */
  headers: Record<string, string>;
  /** The Date header: the application clock's now, not the machine's. */
  date?: Date;
}

/** A delivery that failed; `permanent` for a 5xx (do not retry), else temporary. */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode: number | null,
  ) {
    super(message);
  }
}

export interface Mailer {
  /** Resolves with the SMTP server's answer; throws MailDeliveryError. */
  send(message: OutgoingMessage): Promise<{ response: string }>;
  close(): void;
}

/** SMTP through nodemailer (SMTP_URL), or .eml files in DATA_DIR/outbox without it. */
export function createMailer(config: Config['digests']): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config) : outboxMailer(config.outboxDir);
}

/**
 * Spaces messages evenly at SMTP_MESSAGES_PER_SECOND for the whole process (every job of a
 * worker shares its mailer). nodemailer's own pool `rateLimit` counts messages only as
 * connections become free: in our test it let nine messages through in one second at four.
 */
class SendPacer {
  private nextAt = 0;
  constructor(private readonly intervalMs: number) {}

  /** Reserves the next slot and waits for it; concurrent callers get consecutive slots. */
  async slot(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await sleep(at - now);
  }
}

/** A pooled SMTP transport: connections are reused across a run, no handshake per message. */
function smtpMailer(url: string, config: Pick<Config['digests'], 'smtpMessagesPerSecond'>): Mailer {
  const pacer = new SendPacer(1_000 / config.smtpMessagesPerSecond);
  const transport = nodemailer.createTransport({
    pool: true,
    url,
    // One connection per digest job a worker runs at a time.
    maxConnections: queueOptions.digests.concurrency,
    // The sender holds the email's row lock while SMTP answers: a server that hangs must
    // fail the attempt within a minute (nodemailer's defaults wait up to ten), not hold it.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    send: async (message) => {
      await pacer.slot();
      try {
        const info = await transport.sendMail(mailOptions(message));
        return { response: info.response };
      } catch (error) {
        throw deliveryError(error);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * The embedded default: each message as an .eml file, written to a temporary name, synced
 * and renamed, so a reader never sees half a message. The file is named by Message-ID, so a
 * resend after a crash replaces the file rather than adding a second one.
 */
function outboxMailer(outboxDir: string): Mailer {
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    // RFC 5322 line endings, as an SMTP server would store the message.
    newline: 'windows',
  });
  return {
    send: async (message) => {
      try {
        const info = await transport.sendMail(mailOptions(message));
        const fileName = `${outboxFileName(message.messageId)}.eml`;
        await writeAtomically(path.join(outboxDir, fileName), info.message as Buffer);
        return { response: `written to the outbox as ${fileName}` };
      } catch (error) {
        throw new MailDeliveryError(
          `writing to the outbox failed: ${(error as Error).message}`,
          false,
          null,
        );
      }
    },
    close: () => transport.close(),
  };
}

function mailOptions(message: OutgoingMessage) {
  return {
    messageId: message.messageId,
    from: message.from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: message.headers,
    date: message.date,
  };
}

/** `<digest-email-12@host>` → `digest-email-12@host`: only characters safe in a file name. */
export function outboxFileName(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9@._-]/g, '_');
}

async function writeAtomically(file: string, contents: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(contents);
    // Synced before the rename and before the sender marks the email sent.
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * What nodemailer's error says about this message. A 5xx to RCPT TO or DATA (RFC 5321: a
 * permanent rejection of this recipient or message), or an address nodemailer cannot use,
 * is permanent. Everything else is temporary: a 4xx, a lost connection, and also a 5xx to
 * AUTH or MAIL FROM, which is our configuration's fault and would fail every recipient
 * alike; those are retried (and logged) until the configuration is fixed.
 */
function deliveryError(error: unknown): MailDeliveryError {
  const smtpError = error as NodemailerError;
  const responseCode = typeof smtpError.responseCode === 'number' ? smtpError.responseCode : null;
  const aboutThisMessage = smtpError.command === 'RCPT TO' || smtpError.command === 'DATA';
  const unusableAddress =
    smtpError.code === 'EENVELOPE' && responseCode === null && /recipient/i.test(smtpError.message);
  const permanent = (smtpError.permanent === true && aboutThisMessage) || unusableAddress;
  return new MailDeliveryError(smtpError.message ?? String(error), permanent, responseCode);
}
