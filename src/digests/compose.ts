import type { digestEmails, digestRuns } from '../db/schema/index.js';
import type { DigestDeps } from './deps.js';
import { recipientLinks } from './links.js';
import type { OutgoingMessage } from './mailer.js';
import { renderDigest } from './render/index.js';

type RunRow = Pick<typeof digestRuns.$inferSelect, 'id' | 'departmentId'>;
type EmailRow = Pick<typeof digestEmails.$inferSelect, 'id' | 'recipient' | 'content'>;

/**
 * The Message-ID of one digest email: the row id, so a resend after a crash carries the
 * same id as the copy SMTP may already have accepted, and mail clients fold the two.
 */
export function digestMessageId(emailId: number, publicBaseUrl: string): string {
  return `<digest-email-${emailId}@${new URL(publicBaseUrl).hostname}>`;
}

/** One email row as the mailer takes it: rendered from the content decided at planning. */
export async function composeDigestMessage(
  deps: Pick<DigestDeps, 'db' | 'clock' | 'publicBaseUrl' | 'config'>,
  run: RunRow,
  email: EmailRow,
): Promise<OutgoingMessage> {
  const rendered = renderDigest(email.content);
  return {
    messageId: digestMessageId(email.id, deps.publicBaseUrl),
    from: deps.config.mailFrom,
    to: email.recipient,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {
      // RFC 3834: a digest is machine-made; out-of-office replies should not answer it.
      'Auto-Submitted': 'auto-generated',
      ...(await unsubscribeHeaders(deps, run, email)),
    },
    date: deps.clock.now(),
  };
}

/**
 * RFC 8058 one-click unsubscribe: the https link the digest itself shows (signed when the
 * content was decided) and a mailto, with List-Unsubscribe-Post. Set as raw headers:
 * nodemailer's `list` option writes List-Unsubscribe but never List-Unsubscribe-Post.
 * The coordinator overview has none: coordinators are named in the tenant's profile and
 * leave the list there.
 */
async function unsubscribeHeaders(
  deps: Pick<DigestDeps, 'db' | 'clock' | 'publicBaseUrl' | 'config'>,
  run: RunRow,
  email: EmailRow,
): Promise<Record<string, string>> {
  if (email.content.kind !== 'department' || !run.departmentId) return {};
  const links = await recipientLinks(deps, {
    departmentId: run.departmentId,
    email: email.recipient,
  });
  return {
    'List-Unsubscribe': `<${email.content.links.unsubscribe}>, <${links.unsubscribeMailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
