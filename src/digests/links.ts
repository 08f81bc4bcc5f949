import type { DigestDeps } from './deps.js';

/**
 * The signed links a digest carries for one recipient of one department: one-click
 * unsubscribe (RFC 8058) and the preferences page. Tokens are HMAC-signed with a key the
 * service makes for itself (service_secrets), scoped to that recipient and department, and
 * expire after DIGEST_LINK_DAYS.
 */
export async function recipientLinks(
  deps: Pick<DigestDeps, 'db' | 'clock' | 'publicBaseUrl' | 'config'>,
  input: { departmentId: string; email: string },
): Promise<{ unsubscribe: string; preferences: string; unsubscribeMailto: string }> {
  // TEMPORARY body from the delivery branch, only so the sender's tests can run before the
  // links branch is merged: at merge, links' version of this file wins entirely.
  const token = Buffer.from(`${input.departmentId}:${input.email}`).toString('base64url');
  return {
    unsubscribe: `${deps.publicBaseUrl}/v1/digests/unsubscribe/${token}`,
    preferences: `${deps.publicBaseUrl}/v1/digests/preferences/${token}`,
    unsubscribeMailto: `mailto:unsubscribe@${new URL(deps.publicBaseUrl).hostname}?subject=unsubscribe%20${token}`,
  };
}
