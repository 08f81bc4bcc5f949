import type { StatusSweeper } from '../calls/status-sweeper.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { NotFound } from '../errors.js';
import { ReadyBody } from '../http/ready-body.js';
import { feedContent } from './content.js';
import { feedMatches } from './feed-matches.js';
import { feedUrls } from './feed-urls.js';
import { renderAtom } from './render-atom.js';
import { FEED_CONTENT_TYPES, type FeedFormat, RenderedFeeds } from './render-cache.js';
import { renderIcs } from './render-ics.js';
import { renderJson } from './render-json.js';
import { feedByToken } from './repository.js';

/**
 * Reads a feed by the token in its URL: one indexed query for the token and the data's
 * version on every request (so a revoked feed is a 404 at once), then the body from the render cache or built anew
 * from the department's matches. Every format is a ReadyBody: tagged, gzipped once.
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
    return (content: ReturnType<typeof feedContent>): ReadyBody =>
      new ReadyBody(
        format === 'json'
          ? JSON.stringify(renderJson(content))
          : format === 'atom'
            ? renderAtom(content, { publicBaseUrl, self: urls.atom, json: urls.json })
            : renderIcs(content),
        FEED_CONTENT_TYPES[format],
      );
  };

  return async function readFeed(token: string, format: FeedFormat): Promise<ReadyBody> {
    // Statuses as of the clock before the content and its version: a passed deadline is
    // never shown.
    await statuses.ensureCurrent();
    const owner = await feedByToken(db, token);
    if (!owner) throw new NotFound('No such feed (unknown or revoked token)');
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
    return rendered.body(
      { feedId: owner.feedId, format, now, version: owner.version },
      build,
      render(format, token),
    );
  };
}
