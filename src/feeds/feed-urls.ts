/** Where a feed is read: absolute, from PUBLIC_BASE_URL, since they are pasted into other apps. */
export function feedUrls(publicBaseUrl: string, token: string) {
  const base = `${publicBaseUrl}/v1/feeds/${encodeURIComponent(token)}/matches`;
  return { json: `${base}.json`, atom: `${base}.atom`, ics: `${base}.ics` };
}

/** The API's own page of a call, linked from each feed entry. */
export function callApiUrl(publicBaseUrl: string, callId: string): string {
  return `${publicBaseUrl}/v1/calls/${callId}`;
}

/**
 * A scraped URL when it is a web address, else null: feed and calendar readers are handed
 * only http(s) links, and the Atom library throws on what `new URL` cannot parse.
 */
export function webUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}
