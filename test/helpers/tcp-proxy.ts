import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP pass-through (to Redis, in the crash tests; to PostgreSQL, in the outage tests)
 * that can be cut like a network partition: after partition(), bytes in either direction
 * are dropped and connections stay open, so whatever waits on an answer waits, as it would
 * for a lost network. disconnect() is a server that went away instead: open connections are
 * cut and new ones refused until reconnect() listens on the same port again.
 */
export class TcpProxy {
  private server: Server | null = null;
  private cut = false;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  static forUrl(url: string): TcpProxy {
    const parsed = new URL(url);
    return new TcpProxy({ host: parsed.hostname, port: Number(parsed.port || 6379) });
  }

  async start(): Promise<this> {
    await this.listen(0);
    return this;
  }

  private async listen(port: number): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
        socket.on('error', () => socket.destroy());
      }
      client.on('data', (chunk) => this.cut || upstream.write(chunk));
      upstream.on('data', (chunk) => this.cut || client.write(chunk));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The same URL as the target's, through this proxy. */
  urlFor(url: string): string {
    const parsed = new URL(url);
    if (!this.server) throw new Error('the proxy is not started');
    parsed.host = `127.0.0.1:${this.port}`;
    return parsed.toString();
  }

  partition(): void {
    this.cut = true;
  }

  async disconnect(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  }

  async reconnect(): Promise<void> {
    await this.listen(this.port);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
