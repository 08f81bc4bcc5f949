/**
 * Control characters neither XML 1.0 nor iCalendar allow in text, not even escaped (tab and
 * line breaks stay). Scraped text rarely has them; one would break a whole feed.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function printable(text: string): string {
  return text.replace(FORBIDDEN, '');
}
