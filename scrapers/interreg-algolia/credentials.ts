import { load } from 'cheerio';
import { API_KEY_PATTERN, APP_ID_PATTERN } from './settings.js';

/**
 * The public search-only Algolia credentials a search page hands its widget. interreg.eu
 * rotates them (fundhunt, docs/sources.md: "When a sync fails with HTTP 403 … read the new
 * application id / search key"), so they are read from the page at run time. No copy of
 * the page is stored anywhere we could read, so this covers the ways InstantSearch pages
 * commonly carry them: data attributes on the widget's element, a JSON configuration in a
 * script tag (including Next.js's __NEXT_DATA__), an inline `algoliasearch('APPID', 'KEY')`
 * call, a configuration object or window variables, and the request headers or query
 * parameters themselves. When the page has none, fetch.ts looks in its own scripts (a
 * bundler inlines the values there) with `credentialsInScript`.
 */
export interface AlgoliaCredentials {
  appId: string;
  apiKey: string;
}

export interface FoundCredentials extends AlgoliaCredentials {
  /** Where they were found, for the run log: "data attributes", "script /js/search.js". */
  where: string;
}

type Role = 'appId' | 'apiKey';

/**
 * What a field or attribute name holds: `appId`, `algoliaApplicationId`,
 * `NEXT_PUBLIC_ALGOLIA_APP_ID`, `x-algolia-application-id`; `apiKey`, `searchKey`,
 * `algoliaSearchOnlyApiKey`, `x-algolia-api-key`. Admin and write keys never belong in a
 * page; a name that says so is not taken.
 */
function roleOf(name: string): Role | null {
  const plain = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (/admin|write/.test(plain)) return null;
  if (/(?:app|application)id$/.test(plain)) return 'appId';
  if (/(?:api|search|searchonly|searchapi|algolia)key$/.test(plain)) return 'apiKey';
  return null;
}

function acceptable(role: Role, value: string): boolean {
  return role === 'appId' ? APP_ID_PATTERN.test(value) : API_KEY_PATTERN.test(value);
}

export function credentialsInPage(html: string): FoundCredentials | null {
  const $ = load(html);
  const fromAttributes = credentialsInAttributes($);
  if (fromAttributes) return fromAttributes;
  for (const element of $('script').toArray()) {
    if ($(element).attr('src')) continue;
    const text = $(element).text();
    const type = ($(element).attr('type') ?? '').toLowerCase();
    if (type.includes('json')) {
      const found = credentialsInJson(text);
      if (found) return { ...found, where: `JSON in script${idOf($(element).attr('id'))}` };
      continue;
    }
    const found = credentialsInScript(text);
    if (found) return { ...found, where: 'inline script' };
  }
  // Last: anywhere in the markup, e.g. a link or an attribute holding the query URL.
  const anywhere = credentialsInScript(html);
  return anywhere ? { ...anywhere, where: 'page markup' } : null;
}

function idOf(id: string | undefined): string {
  return id ? ` #${id}` : '';
}

function credentialsInAttributes($: ReturnType<typeof load>): FoundCredentials | null {
  const loose: Partial<AlgoliaCredentials> = {};
  for (const element of $('*').toArray()) {
    const attributes = 'attribs' in element ? element.attribs : {};
    const own: Partial<AlgoliaCredentials> = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (!name.startsWith('data-')) continue;
      const trimmed = value.trim();
      if (trimmed.startsWith('{')) {
        const found = credentialsInJson(trimmed);
        if (found) return { ...found, where: `JSON in ${name}` };
        continue;
      }
      const role = roleOf(name.slice('data-'.length));
      if (role && acceptable(role, trimmed)) own[role] ??= trimmed;
    }
    if (own.appId && own.apiKey)
      return { appId: own.appId, apiKey: own.apiKey, where: 'data attributes' };
    loose.appId ??= own.appId;
    loose.apiKey ??= own.apiKey;
  }
  // Split over two elements (the app id on the form, the key on the results list).
  return loose.appId && loose.apiKey
    ? { appId: loose.appId, apiKey: loose.apiKey, where: 'data attributes' }
    : null;
}

/**
 * A JSON document holding, somewhere, one object with both values. Objects on a path that
 * names Algolia, or beside an index name, win over others (a map widget's `apiKey`).
 */
export function credentialsInJson(text: string): AlgoliaCredentials | null {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return null;
  }
  const found: Array<{ credentials: AlgoliaCredentials; score: number }> = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > 12 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, path, depth + 1);
      return;
    }
    const own: Partial<AlgoliaCredentials> = {};
    let score = /algolia/i.test(path) ? 2 : 0;
    for (const [name, field] of Object.entries(value)) {
      if (typeof field === 'string') {
        const role = roleOf(name);
        if (role && acceptable(role, field.trim())) own[role] ??= field.trim();
        if (/algolia/i.test(name)) score = Math.max(score, 2);
        if (/index(?:name)?$/i.test(name)) score += 1;
      } else {
        visit(field, `${path}.${name}`, depth + 1);
      }
    }
    if (own.appId && own.apiKey)
      found.push({ credentials: { appId: own.appId, apiKey: own.apiKey }, score });
  };
  visit(document, '', 0);
  // The highest score; the first in document order among equals.
  const best = found.reduce<(typeof found)[number] | null>(
    (leader, next) => (!leader || next.score > leader.score ? next : leader),
    null,
  );
  return best?.credentials ?? null;
}

const CLIENT_CALL =
  /\b(?:algoliasearch|liteClient|searchClient|algoliasearchLite)\s*\(\s*(['"`])([A-Za-z0-9]{6,12})\1\s*,\s*(['"`])([A-Za-z0-9+/=_-]{16,512})\3/;
/** `appId: "…"`, `"apiKey": "…"`, `window.ALGOLIA_APP_ID = "…"`, `'x-algolia-api-key', '…'`. */
const NAMED_VALUE =
  /(['"`]?)([A-Za-z_$][\w$.-]*)\1\s*(?:[:=]|,(?=\s*['"`]))\s*(['"`])([A-Za-z0-9+/=_-]{6,512})\3/g;
const QUERY_PARAMETER = /\bx-algolia-(application-id|api-key)=([A-Za-z0-9+/_-]{6,512}(?:%3D)*)/gi;
const DSN_HOST = /\/\/([A-Za-z0-9]{6,12})(?:-dsn|-\d)?\.algolia(?:net)?\.(?:net|com)\b/i;

/**
 * JavaScript (an inline script or a bundle) that mentions Algolia. Values named in one
 * configuration sit next to each other, so the key taken is the one nearest the app id.
 */
export function credentialsInScript(js: string): AlgoliaCredentials | null {
  if (!/algolia/i.test(js)) return null;
  const call = CLIENT_CALL.exec(js);
  if (call) return { appId: call[2] as string, apiKey: call[4] as string };
  const candidates: Array<{ role: Role; value: string; at: number; named: boolean }> = [];
  for (const match of js.matchAll(NAMED_VALUE)) {
    const name = match[2] as string;
    const value = match[4] as string;
    const role = roleOf(name.split('.').pop() as string);
    if (role && acceptable(role, value))
      candidates.push({ role, value, at: match.index, named: /algolia/i.test(name) });
  }
  for (const match of js.matchAll(QUERY_PARAMETER)) {
    const role: Role = (match[1] as string).toLowerCase() === 'api-key' ? 'apiKey' : 'appId';
    const value = decodeURIComponent(match[2] as string);
    if (acceptable(role, value)) candidates.push({ role, value, at: match.index, named: true });
  }
  const dsn = DSN_HOST.exec(js);
  if (dsn && acceptable('appId', dsn[1] as string))
    candidates.push({ role: 'appId', value: dsn[1] as string, at: dsn.index, named: true });
  return nearestPair(candidates);
}

/**
 * Values of one configuration object sit within a few hundred characters; a pair further
 * apart is taken only when both say Algolia (a DSN host and an x-algolia-api-key), never a
 * DSN host in the head with a map widget's apiKey at the foot of the page.
 */
const MAX_UNNAMED_GAP = 300;

function nearestPair(
  candidates: Array<{ role: Role; value: string; at: number; named: boolean }>,
): AlgoliaCredentials | null {
  const appIds = candidates.filter((candidate) => candidate.role === 'appId');
  const keys = candidates.filter((candidate) => candidate.role === 'apiKey');
  let best: { appId: string; apiKey: string; cost: number } | null = null;
  for (const appId of appIds) {
    for (const key of keys) {
      const gap = Math.abs(appId.at - key.at);
      const named = appId.named && key.named;
      if (!named && gap > MAX_UNNAMED_GAP) continue;
      // A pair whose names say Algolia wins over a merely close one.
      const cost = gap + (named ? 0 : MAX_UNNAMED_GAP);
      if (!best || cost < best.cost) best = { appId: appId.value, apiKey: key.value, cost };
    }
  }
  return best ? { appId: best.appId, apiKey: best.apiKey } : null;
}

/**
 * The page's own scripts (same origin), in page order: where a bundler inlines the
 * credentials when the markup does not carry them. Third-party scripts are left alone.
 */
export function sameOriginScripts(html: string, pageUrl: string): string[] {
  const $ = load(html);
  const origin = new URL(pageUrl).origin;
  const urls: string[] = [];
  for (const element of $('script[src]').toArray()) {
    const src = $(element).attr('src') as string;
    let url: URL;
    try {
      url = new URL(src, pageUrl);
    } catch {
      continue;
    }
    if (url.origin === origin && !urls.includes(url.toString())) urls.push(url.toString());
  }
  return urls;
}
