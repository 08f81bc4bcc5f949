import type { DigestContent } from './content-types.js';
import type { DigestDeps } from './deps.js';

/**
 * What one department's digest would say right now (or as of `asOf`, YYYY-MM-DD) for one
 * recipient (the first of the department's when none is named): the preview route and the
 * CLI show exactly this; the planner stores the same for each recipient.
 */
export async function previewDigestContent(
  _deps: Pick<DigestDeps, 'db' | 'clock' | 'publicBaseUrl' | 'config'>,
  _input: { tenantId: string; departmentKey: string; asOf?: string; recipient?: string },
): Promise<DigestContent> {
  throw new Error('previewDigestContent: not built yet (issue 9, planning)');
}
