import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedPage {
  body: string | Buffer;
  contentType: string;
  /** Default: an ETag from the body's hash, so a conditional GET of an unchanged page is 304. */
  etag?: string | null;
  lastModified?: string;
  status?: number;
  /** Answer with a redirect to this URL instead. */
  redirectTo?: string;
}

export interface PageServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** host:port, for an allow-list. */
  host: string;
  url(path: string): string;
  /** Serve (or replace) a page at a path (with its query string, if any). */
  set(path: string, page: ServedPage): void;
  remove(path: string): void;
  /** Every request seen, in order: method, path with query, headers, body. */
  requests: Array<{
    method: string;
    path: string;
    headers: IncomingMessage['headers'];
    body: string;
  }>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 serving recorded pages for scraper tests: ETag and
 * If-None-Match (304), Last-Modified, redirects and error statuses. Unknown paths are 404.
 */
export async function startPageServer(pages: Record<string, ServedPage> = {}): Promise<PageServer> {
  const routes = new Map(Object.entries(pages));
  const requests: PageServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      requests.push({
        method: request.method ?? 'GET',
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const page = routes.get(path) ?? routes.get(path.split('?')[0] as string);
      if (!page) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      if (page.redirectTo) {
        response.writeHead(page.status ?? 302, { location: page.redirectTo }).end();
        return;
      }
      const etag =
        page.etag === null
          ? undefined
          : (page.etag ?? `"${createHash('sha1').update(page.body).digest('hex')}"`);
      const headers: Record<string, string> = { 'content-type': page.contentType };
      if (etag) headers.etag = etag;
      if (page.lastModified) headers['last-modified'] = page.lastModified;
      const status = page.status ?? 200;
      if (status === 200 && etag && request.headers['if-none-match'] === etag) {
        response.writeHead(304, headers).end();
        return;
      }
      if (
        status === 200 &&
        !etag &&
        page.lastModified &&
        request.headers['if-modified-since'] === page.lastModified
      ) {
        response.writeHead(304, headers).end();
        return;
      }
      response.writeHead(status, headers).end(page.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    host: `127.0.0.1:${port}`,
    url: (path) => `${origin}${path}`,
    set: (path, page) => routes.set(path, page),
    remove: (path) => routes.delete(path),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
