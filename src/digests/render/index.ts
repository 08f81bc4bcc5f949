import type { DigestContent, OverviewContent, RenderedDigest } from '../content-types.js';

// TEMPORARY body from the delivery branch, only so the sender's tests can run before the
// render branch is merged: at merge, render's version of this file wins entirely.
const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Subject, HTML and plain text of one digest (or coordinator overview) in its language. */
export function renderDigest(content: DigestContent | OverviewContent): RenderedDigest {
  const scope = content.kind === 'department' ? content.department.name : 'overview';
  const subject = `${content.tenant.name}: ${scope} ${content.period.label}`;
  return { subject, html: `<p>${escapeHtml(subject)}</p>`, text: subject };
}
