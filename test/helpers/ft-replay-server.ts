import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  openSnapshot,
  readSnapshotPageBody,
  type Snapshot,
} from '../../scrapers/ft-portal/snapshot.js';

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  | { kind: 'truncate' }
  | { kind: 'empty' };

/**
 * A local stand-in for the SEDIA search API that replays recorded daily snapshots. It checks
 * the request the way the real API does: multipart, with `query` (and `languages`) sent as
 * JSON parts; anything else is a 400.
 */
export class FtReplayServer {
  private server: Server | null = null;
  private snapshot: Snapshot | null = null;
  /** Applied to every search request until cleared; `onPage` limits it to one page. */
  fault: (Fault & { onPage?: number }) | null = null;
  readonly topicDetails = new Map<string, string>();
  private readonly holds = new Map<number, { reach: () => void; released: Promise<void> }>();
  readonly requests: Array<{ path: string; pageNumber: number | null; status: number }> = [];

  get searchUrl(): string {
    return `${this.origin}/search-api/prod/rest/search`;
  }

  get topicDetailsUrl(): string {
    return `${this.origin}/opportunities/data/topicDetails`;
  }

  async serveSnapshot(folder: string): Promise<Snapshot> {
    this.snapshot = await openSnapshot(folder);
    return this.snapshot;
  }

  /**
   * Holds the answer to the next request for this search page until release(): `reached`
   * resolves when the request arrives, so a test knows the poll is fetching, right there.
   */
  holdPage(pageNumber: number): { reached: Promise<void>; release: () => void } {
    let reach = () => {};
    let release = () => {};
    const reached = new Promise<void>((resolve) => {
      reach = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.set(pageNumber, { reach, released });
    return { reached, release };
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request)
        .then(({ status, body, hang }) => {
          if (hang) return; // never answer: the client's timeout must fire
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(body);
        })
        .catch((error: Error) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: error.message }));
        });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private get origin(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  private async handle(
    request: IncomingMessage,
  ): Promise<{ status: number; body: string; hang?: boolean }> {
    const url = new URL(request.url ?? '/', this.origin);
    const details = /\/topicDetails\/([^/]+)\.json$/.exec(url.pathname);
    if (request.method === 'GET' && details?.[1]) {
      const body = this.topicDetails.get(decodeURIComponent(details[1]));
      return this.log(
        url.pathname,
        null,
        body ? { status: 200, body } : { status: 404, body: '{"error":"not found"}' },
      );
    }
    if (request.method !== 'POST' || !url.pathname.endsWith('/search')) {
      return this.log(url.pathname, null, { status: 404, body: '{"error":"not found"}' });
    }
    const pageNumber = Number(url.searchParams.get('pageNumber') ?? '1');
    const problem = await this.requestProblem(request, url);
    if (problem)
      return this.log(url.pathname, pageNumber, {
        status: 400,
        body: JSON.stringify({ error: problem }),
      });
    const fault =
      this.fault && (this.fault.onPage === undefined || this.fault.onPage === pageNumber)
        ? this.fault
        : null;
    if (fault?.kind === 'status')
      return this.log(url.pathname, pageNumber, {
        status: fault.status,
        body: '{"error":"fault"}',
      });
    if (fault?.kind === 'hang')
      return this.log(url.pathname, pageNumber, { status: 0, body: '', hang: true });
    if (!this.snapshot) throw new Error('no snapshot served');
    const hold = this.holds.get(pageNumber);
    if (hold) {
      this.holds.delete(pageNumber);
      hold.reach();
      await hold.released;
    }
    const envelope = await this.page(this.snapshot, pageNumber);
    if (fault?.kind === 'empty') {
      const empty = { ...JSON.parse(envelope), results: [] };
      return this.log(url.pathname, pageNumber, { status: 200, body: JSON.stringify(empty) });
    }
    if (fault?.kind === 'truncate') {
      return this.log(url.pathname, pageNumber, {
        status: 200,
        body: envelope.slice(0, Math.floor(envelope.length / 2)),
      });
    }
    return this.log(url.pathname, pageNumber, { status: 200, body: envelope });
  }

  private async page(snapshot: Snapshot, pageNumber: number): Promise<string> {
    if (pageNumber >= 1 && pageNumber <= snapshot.pageCount)
      return readSnapshotPageBody(snapshot, pageNumber);
    const first = JSON.parse(await readSnapshotPageBody(snapshot, 1));
    return JSON.stringify({ ...first, pageNumber, results: [] });
  }

  /** The real API answers 400 unless `query` arrives as a multipart JSON part. */
  private async requestProblem(request: IncomingMessage, url: URL): Promise<string | null> {
    if (url.searchParams.get('apiKey') !== 'SEDIA') return 'apiKey missing';
    if (url.searchParams.get('pageSize') !== '100') return 'this replay serves pageSize=100 only';
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) return 'expected multipart/form-data';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = await new Request(url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: Buffer.concat(chunks),
    }).formData();
    for (const name of ['query', 'languages']) {
      const part = form.get(name);
      if (!(part instanceof Blob) || !part.type.startsWith('application/json')) {
        return `part "${name}" must be a JSON blob (application/json)`;
      }
      try {
        JSON.parse(await part.text());
      } catch {
        return `part "${name}" is not valid JSON`;
      }
    }
    return null;
  }

  private log<T extends { status: number }>(path: string, pageNumber: number | null, result: T): T {
    this.requests.push({ path, pageNumber, status: result.status });
    return result;
  }
}
