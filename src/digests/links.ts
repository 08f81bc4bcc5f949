import type { DigestDeps } from './deps.js';

/**
 * The signed links a digest carries for one recipient of one department: one-click
 * unsubscribe (RFC 8058) and the preferences page. Tokens are HMAC-signed with a key the
 * service makes for itself (service_secrets), scoped to that recipient and department, and
 * expire after DIGEST_LINK_DAYS.
 */
export async function recipientLinks(
  _deps: Pick<DigestDeps, 'db' | 'clock' | 'publicBaseUrl' | 'config'>,
  _input: { departmentId: string; email: string },
): Promise<{ unsubscribe: string; preferences: string; unsubscribeMailto: string }> {
  throw new Error('recipientLinks: not built yet (issue 9, links)');
}
