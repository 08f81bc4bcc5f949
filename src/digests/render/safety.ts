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
 * Control characters (C0, DEL, C1) and the bidirectional overrides (U+202A–U+202E,
 * U+2066–U+2069) go: they break the text part's lines or let a title show a different link
 * text than it is. Line breaks and tabs are whitespace, made spaces before this runs. No u
 * flag and \p{Cc}: the same set, matched several times faster.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Answers remembered per input: a batch renders the same titles and links into many
 * departments' digests. Pure functions of a string, so a stale answer cannot exist; the map
 * is emptied past a bound so a long-running worker's memory stays flat.
 */
function remembered<T>(compute: (value: string) => T, bound = 20_000): (value: string) => T {
  const known = new Map<string, T>();
  return (value) => {
    let answer = known.get(value);
    if (answer === undefined) {
      if (known.size >= bound) known.clear();
      answer = compute(value);
      known.set(value, answer);
    }
    return answer;
  };
}

/** Scraped text as one clean line: runs of whitespace made one space, unsafe characters out. */
export const plainText = remembered((value) =>
  value.replace(/\s+/g, ' ').replace(UNSAFE_CHARACTERS, '').trim(),
);

/** Text for an HTML element or a quoted attribute value. */
export const escapeHtml = remembered((value) =>
  plainText(value).replace(/[&<>"']/g, (character) => ESCAPES[character] as string),
);

/**
 * The URL, normalised, when it is an absolute https URL without credentials; else null, and
 * the template shows no link. `javascript:`, `data:`, `http:` and relative links never make
 * it into an href (the planner drops them too: this is the last line, not the only one).
 */
const checkedUrl = remembered((value): string | null => {
  const text = plainText(value);
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  return url.href;
});

export function httpsUrl(value: string | null | undefined): string | null {
  return value ? checkedUrl(value) : null;
}
