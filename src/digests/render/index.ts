import type { DigestContent, RenderedDigest } from '../content-types.js';

/** Subject, HTML and plain text of one digest in its language. */
export function renderDigest(_content: DigestContent): RenderedDigest {
  throw new Error('renderDigest: not built yet (issue 9, rendering)');
}
