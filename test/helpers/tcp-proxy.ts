import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP pass-through (to Redis, in the crash tests) that can be cut like a network
 * partition: after partition(), bytes in either direction are dropped and connections stay
 * open, so whatever waits on an answer waits, as it would for a lost network.
 */
export class TcpProxy {
  private server: Server | null = null;
  private cut = false;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: { host: string; port: number }) {}

  static forUrl(url: string): TcpProxy {
    const parsed = new URL(url);
    return new TcpProxy({ host: parsed.hostname, port: Number(parsed.port || 6379) });
  }

  async start(): Promise<this> {
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
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The same URL as the target's, through this proxy. */
  urlFor(url: string): string {
    const parsed = new URL(url);
    if (!this.server) throw new Error('the proxy is not started');
    parsed.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return parsed.toString();
  }

  partition(): void {
    this.cut = true;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
