import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AlgoliaStandIn {
  /** The multi-query endpoint on 127.0.0.1, with `{appId}` in its path: the searchUrl setting. */
  searchUrl: string;
  /** Every query received: the credentials sent and the parsed body. */
  queries: Array<{ appId: string; apiKey: string; body: unknown }>;
  close(): Promise<void>;
}

interface StandInOptions {
  /** The hits the index holds (served in pages of the query's hitsPerPage). */
  hits: unknown[];
  /** `appId apiKey` pairs Algolia knows; others get its 403. */
  accepted: string[];
  /** Called on a refusal before answering: a test rotates the page's key here. */
  onRefused?: () => void;
}

/**
 * A real HTTP server answering Algolia's multi-query endpoint the way Algolia does: it
 * checks the x-algolia-* headers (403 with Algolia's error body when it does not know the
 * key) and pages the hits by the request's `page` and `hitsPerPage`, announcing nbHits
 * and nbPages. The page server cannot do this: its answers do not depend on the request.
 */
export async function startAlgoliaStandIn(options: StandInOptions): Promise<AlgoliaStandIn> {
  const queries: AlgoliaStandIn['queries'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      // The fetcher asks every host for its robots.txt first; Algolia has none to give.
      if (request.method !== 'POST') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const appId = String(request.headers['x-algolia-application-id'] ?? '');
      const apiKey = String(request.headers['x-algolia-api-key'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        requests: Array<{ hitsPerPage: number; page?: number }>;
      };
      queries.push({ appId, apiKey, body });
      const json = { 'content-type': 'application/json; charset=UTF-8' };
      if (!options.accepted.includes(`${appId} ${apiKey}`)) {
        options.onRefused?.();
        response
          .writeHead(403, json)
          .end(JSON.stringify({ message: 'Invalid Application-ID or API key', status: 403 }));
        return;
      }
      const query = body.requests[0] as { hitsPerPage: number; page?: number };
      const page = query.page ?? 0;
      const start = page * query.hitsPerPage;
      const result = {
        hits: options.hits.slice(start, start + query.hitsPerPage),
        nbHits: options.hits.length,
        page,
        nbPages: Math.ceil(options.hits.length / query.hitsPerPage),
        hitsPerPage: query.hitsPerPage,
      };
      response.writeHead(200, json).end(JSON.stringify({ results: [result] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    searchUrl: `http://127.0.0.1:${port}/{appId}/1/indexes/*/queries`,
    queries,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
