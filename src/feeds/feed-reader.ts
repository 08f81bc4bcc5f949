import type { StatusSweeper } from '../calls/status-sweeper.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { NotFound } from '../errors.js';
import { matchPagesVersion } from '../matching/matches-version.js';
import { feedContent } from './content.js';
import { feedMatches } from './feed-matches.js';
import { feedUrls } from './feed-urls.js';
import { renderAtom } from './render-atom.js';
import { type FeedFormat, RenderedFeeds } from './render-cache.js';
import { renderIcs } from './render-ics.js';
import { renderJson } from './render-json.js';
import { feedByToken } from './repository.js';

/**
 * Reads a feed by the token in its URL: one indexed query for the token on every request
 * (so a revoked feed is a 404 at once), then the body from the render cache or built anew
 * from the department's matches. Every format is a string, ready to send.
 */
export function createFeedReader(deps: {
  db: Database;
  clock: Clock;
  statuses: StatusSweeper;
  publicBaseUrl: string;
}) {
  const { db, clock, statuses, publicBaseUrl } = deps;
  const rendered = new RenderedFeeds();

  const render = (format: FeedFormat, token: string) => {
    const urls = feedUrls(publicBaseUrl, token);
    return (content: ReturnType<typeof feedContent>): string =>
      format === 'json'
        ? JSON.stringify(renderJson(content))
        : format === 'atom'
          ? renderAtom(content, { publicBaseUrl, self: urls.atom, json: urls.json })
          : renderIcs(content);
  };

  return async function readFeed(token: string, format: FeedFormat): Promise<string> {
    const owner = await feedByToken(db, token);
    if (!owner) throw new NotFound('No such feed (unknown or revoked token)');
    // Statuses as of the clock before the content: a passed deadline is never shown.
    await statuses.ensureCurrent();
    const now = clock.now();
    const build = async () =>
      feedContent(
        owner,
        await feedMatches(db, {
          tenantId: owner.tenant.id,
          departmentKey: owner.department.key,
          now,
        }),
        now,
      );
    const version = await matchPagesVersion(db, owner.tenant.id);
    return rendered.body(
      { feedId: owner.feedId, format, now, version },
      build,
      render(format, token),
    );
  };
}
