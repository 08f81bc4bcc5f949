import type { Config } from '../config.js';

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
export function createMailer(_config: Config['digests']): Mailer {
  return {
    send: async () => {
      throw new Error('createMailer: not built yet (issue 9, delivery)');
    },
    close: () => undefined,
  };
}
