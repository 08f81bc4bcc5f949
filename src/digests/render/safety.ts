/**
 * Everything a digest shows of a call was scraped from someone else's site, so the templates
 * treat it as text: never parsed as HTML, always escaped, and a link only when it is https.
 * Nothing in a digest is sanitised HTML passed through: a title that says `<script>` shows
 * the word, and a mail client never runs or fetches anything from it.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Control characters and the bidirectional overrides (U+202A–U+202E, U+2066–U+2069) go: they
 * break the text part's lines or let a title show a different link text than it is. Line
 * breaks and tabs are whitespace, made spaces before this runs.
 */
const UNSAFE_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** Scraped text as one clean line: runs of whitespace made one space, unsafe characters out. */
export function plainText(value: string): string {
  return value.replace(/\s+/g, ' ').replace(UNSAFE_CHARACTERS, '').trim();
}

/** Text for an HTML element or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return plainText(value).replace(/[&<>"']/g, (character) => ESCAPES[character] as string);
}

/**
 * The URL, normalised, when it is an absolute https URL without credentials; else null, and
 * the template shows no link. `javascript:`, `data:`, `http:` and relative links never make
 * it into an href (the planner drops them too: this is the last line, not the only one).
 */
export function httpsUrl(value: string | null | undefined): string | null {
  const text = value ? plainText(value) : '';
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  return url.href;
}
