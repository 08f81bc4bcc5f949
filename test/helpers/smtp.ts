import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the server received in full, parsed. */
export interface CapturedMessage {
  /** RCPT TO of the transaction (what the envelope said, not the To header). */
  recipients: string[];
  messageId: string;
  parsed: ParsedMail;
  raw: string;
  /** When the data was complete (Date.now()). */
  receivedAt: number;
  /**
   * The server answered 250 while the client was still there. A message the client
   * vanished from during the hold was received but never acknowledged: a real server
   * may still deliver it, the sender cannot know.
   */
  acknowledged: boolean;
}

export interface SmtpBehaviour {
  /** How long each message is held before the server answers its DATA (ms). */
  holdMs?: number;
  /** RCPT TO of these addresses answers 451 the first time, then accepts. */
  temporaryOnce?: string[];
  /** RCPT TO of these addresses always answers 550. */
  permanent?: string[];
  /** A message to these addresses is refused after its data, with 554 (content rejected). */
  rejectMessageTo?: string[];
}

export interface CaptureSmtp {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  port: number;
  messages: CapturedMessage[];
  /** RCPT TO commands per address, accepted or not. */
  rcptAttempts: Map<string, number>;
  /** Messages per envelope recipient. */
  byRecipient(): Map<string, CapturedMessage[]>;
  /** Resolves once `count` messages were received in full (acknowledged or still held). */
  waitForReceived(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * A real SMTP server in the test process (smtp-server), capturing what it is sent and
 * answering as told: a hold before each answer, a 451 once or a 550 for given addresses.
 * Listens on `port` (0: any free one), so a test can stop it and bring it back on the same.
 */
export async function startCaptureSmtp(
  behaviour: SmtpBehaviour = {},
  port = 0,
): Promise<CaptureSmtp> {
  const messages: CapturedMessage[] = [];
  const rcptAttempts = new Map<string, number>();
  const closedSessions = new Set<string>();
  const server = new SMTPServer({
    logger: false,
    // Idle pooled client connections are cut after a second when the test closes the server.
    closeTimeout: 1_000,
    authOptional: true,
    // Plain SMTP on localhost: no self-signed STARTTLS for the client to refuse.
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, callback) {
      const email = address.address.toLowerCase();
      const attempts = (rcptAttempts.get(email) ?? 0) + 1;
      rcptAttempts.set(email, attempts);
      if (behaviour.permanent?.includes(email)) {
        return callback(smtpError(`<${email}>: mailbox unavailable`, 550));
      }
      if (behaviour.temporaryOnce?.includes(email) && attempts === 1) {
        return callback(smtpError(`<${email}>: greylisted, try again later`, 451));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString();
        const parsed = await simpleParser(raw);
        const captured: CapturedMessage = {
          recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          messageId: parsed.messageId ?? '',
          parsed,
          raw,
          receivedAt: Date.now(),
          acknowledged: false,
        };
        if (captured.recipients.some((to) => behaviour.rejectMessageTo?.includes(to))) {
          return callback(smtpError('message content rejected', 554));
        }
        messages.push(captured);
        if (behaviour.holdMs) await sleep(behaviour.holdMs);
        captured.acknowledged = !closedSessions.has(session.id);
        callback();
      });
    },
    onClose(session) {
      closedSessions.add(session.id);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const listening = (server as unknown as { server: { address(): AddressInfo } }).server.address();

  return {
    url: `smtp://127.0.0.1:${listening.port}`,
    port: listening.port,
    messages,
    rcptAttempts,
    byRecipient() {
      const grouped = new Map<string, CapturedMessage[]>();
      for (const message of messages) {
        for (const recipient of message.recipients) {
          grouped.set(recipient, [...(grouped.get(recipient) ?? []), message]);
        }
      }
      return grouped;
    },
    async waitForReceived(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`only ${messages.length} message(s) arrived, ${count} expected`);
        }
        await sleep(20);
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
