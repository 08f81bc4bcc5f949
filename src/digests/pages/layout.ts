import { createHash } from 'node:crypto';
import type { DigestLanguage } from '../content-types.js';

/** Text into HTML text or a quoted attribute: the five characters that could end either. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** HTML that is already safe (built here from escaped parts), kept apart from plain strings. */
export interface SafeHtml {
  readonly html: string;
}

export function safe(html: string): SafeHtml {
  return { html };
}

/** A template tag: every interpolated value is escaped unless it is SafeHtml (or a list of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) {
      out +=
        typeof part === 'object' && part !== null && 'html' in part
          ? (part as SafeHtml).html
          : escapeHtml(String(part ?? ''));
    }
    out += strings[index + 1] ?? '';
  });
  return { html: out };
}

/** The pages' one stylesheet: inline, readable on a phone, no web fonts or images to fetch. */
const STYLE = [
  'body{margin:0;background:#f4f5f7;color:#1b1f24;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}',
  'main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:6px}',
  'h1{font-size:1.35rem;margin:0 0 1rem}',
  'fieldset{border:1px solid #d0d4da;border-radius:4px;margin:0 0 1rem;padding:.75rem 1rem}',
  'label{display:block;padding:.25rem 0}',
  'button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#1f5fbf;color:#fff;cursor:pointer}',
  '.notice{background:#e8f3ea;border-left:4px solid #2e7d32;padding:.5rem .75rem}',
  '.problem{background:#fdecea;border-left:4px solid #c62828;padding:.5rem .75rem}',
].join('');

/**
 * The pages' own Content-Security-Policy, stricter than a web page needs: no script at all,
 * the one inline stylesheet by its hash, forms only back to us, never framed (a framed
 * unsubscribe button is a clickjacking target). It replaces the API's `default-src 'none'`,
 * which would leave the page unstyled.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** A whole page: its language, a title, and the body built with `html`. */
export function page(language: DigestLanguage, title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${safe(STYLE)}</style>
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.html;
}
