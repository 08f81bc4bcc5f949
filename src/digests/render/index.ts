import type { DigestContent, OverviewContent, RenderedDigest } from '../content-types.js';

/** Subject, HTML and plain text of one digest (or coordinator overview) in its language. */
export function renderDigest(_content: DigestContent | OverviewContent): RenderedDigest {
  throw new Error('renderDigest: not built yet (issue 9, rendering)');
}
