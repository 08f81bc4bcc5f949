import type { DigestContent, OverviewContent, RenderedDigest } from '../content-types.js';
import { renderDepartmentDigest } from './department.js';
import { renderOverview } from './overview.js';

/**
 * Subject, HTML and plain text of one digest (or coordinator overview) in its language.
 * Pure: the same stored content always renders the same message, so a resend after a crash
 * is the message that was decided, and the preview is exactly what would be sent.
 */
export function renderDigest(content: DigestContent | OverviewContent): RenderedDigest {
  return content.kind === 'overview' ? renderOverview(content) : renderDepartmentDigest(content);
}
