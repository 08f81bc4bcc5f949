import { createRequire } from 'node:module';
import { BlockedAddressError, HttpRequestError } from './errors.js';

/** The part of robots-parser's Robot we use (https://github.com/samclarke/robots-parser). */
interface ParsedRobotsTxt {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
}

// robots-parser is CommonJS (`module.exports = function`) while its index.d.ts declares an
// ES default export, which TypeScript under NodeNext reads as the whole module: required
// directly, with the signature its README documents.
const parseRobotsTxt = createRequire(import.meta.url)('robots-parser') as (
  url: string,
  contents: string,
) => ParsedRobotsTxt;

/** What a site's robots.txt says to our user agent. */
export interface RobotsRules {
  /** Whether a URL of this origin may be fetched by our agent. */
  allows(url: string): boolean;
  /** The Crawl-delay for our agent, in milliseconds; null when it sets none. */
  crawlDelayMs: number | null;
  /** Why the rules could not be read (5xx, network); null when they were (or 4xx: none). */
  unreadable: string | null;
}

/** How robots.txt is fetched: through the HttpClient, with the caller's guard setting. */
export type RobotsTxtFetch = (url: string) => Promise<{ status: number; body: string }>;

const ONE_HOUR_MS = 3_600_000;
/** RFC 9309 §2.5: crawlers must parse at least 500 KiB; anything past that may be ignored. */
const MAX_ROBOTS_CHARS = 500 * 1024;

const allowEverything = (unreadable: string | null): RobotsRules => ({
  allows: () => true,
  crawlDelayMs: null,
  unreadable,
});

/**
 * The product token robots.txt groups are matched on: "callradar" for the user agent
 * "callradar/0.1 (+https://…)" (RFC 9309 §2.2.1), lower case as robots-parser compares it.
 */
export function robotsAgentOf(userAgent: string): string {
  return /^[A-Za-z_-]+/.exec(userAgent.trim())?.[0]?.toLowerCase() ?? '*';
}

/**
 * Fetches and reads `<origin>/robots.txt`. A 4xx (404, 410, even 401/403) means no rules:
 * everything is allowed (RFC 9309 §2.3.1.3). A 5xx or network error also lets the poll go
 * on, unlike the RFC's "assume complete disallow", because polls are rare and a coordinator
 * should see the source's own failure, not a silent skip; the reason is kept in `unreadable`
 * so the fetcher reports it. A blocked address is not "unreachable": it fails the poll.
 */
export async function readRobotsRules(
  origin: string,
  userAgent: string,
  fetchRobots: RobotsTxtFetch,
): Promise<RobotsRules> {
  const robotsUrl = `${origin}/robots.txt`;
  let response: { status: number; body: string };
  try {
    response = await fetchRobots(robotsUrl);
  } catch (error) {
    if (error instanceof BlockedAddressError || !(error instanceof HttpRequestError)) throw error;
    return allowEverything(error.message);
  }
  if (response.status >= 400) return allowEverything(null);
  // Rules belong to the origin asked for, even when robots.txt itself was redirected.
  const robots = parseRobotsTxt(robotsUrl, response.body.slice(0, MAX_ROBOTS_CHARS));
  const agent = robotsAgentOf(userAgent);
  const delaySeconds = robots.getCrawlDelay(agent);
  return {
    // undefined: the URL is of another origin than these rules; they say nothing about it.
    allows: (url) => robots.isAllowed(url, agent) !== false,
    crawlDelayMs:
      delaySeconds !== undefined && Number.isFinite(delaySeconds) && delaySeconds > 0
        ? Math.round(delaySeconds * 1000)
        : null,
    unreadable: null,
  };
}

/**
 * robots.txt per origin, kept an hour per HttpClient so the polls of many sources on one
 * site ask for it once. Rules that could not be read are not kept: the next poll asks again.
 */
export class RobotsCache {
  private readonly entries = new Map<string, { expiresAt: number; rules: Promise<RobotsRules> }>();

  constructor(
    private readonly ttlMs = ONE_HOUR_MS,
    private readonly now: () => number = Date.now,
  ) {}

  rulesFor(origin: string, load: () => Promise<RobotsRules>): Promise<RobotsRules> {
    const cached = this.entries.get(origin);
    if (cached && cached.expiresAt > this.now()) return cached.rules;
    // The promise is kept while it loads, so fetchers asking at once share one request.
    const rules = load();
    const entry = { expiresAt: this.now() + this.ttlMs, rules };
    this.entries.set(origin, entry);
    const forget = () => {
      if (this.entries.get(origin) === entry) this.entries.delete(origin);
    };
    rules.then((loaded) => {
      if (loaded.unreadable !== null) forget();
    }, forget);
    return rules;
  }
}
