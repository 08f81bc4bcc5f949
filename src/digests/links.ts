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
  // TEMPORARY (planning's worktree only, so the planner's tests run): unsigned links. The
  // links helper's version replaces this body at merge.
  const token = encodeURIComponent(`${input.departmentId}.${input.email}`);
  return {
    unsubscribe: `${deps.publicBaseUrl}/v1/digests/unsubscribe/${token}`,
    preferences: `${deps.publicBaseUrl}/v1/digests/preferences/${token}`,
    unsubscribeMailto: `mailto:unsubscribe@example.invalid?subject=${token}`,
  };
}
