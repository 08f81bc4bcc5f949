import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '../../src/jobs/bullmq.js';
import { redisUrl } from '../helpers/database.js';

/** A TCP hop to the real Redis that can be cut and restored on the same port. */
class RedisHop {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  async open(): Promise<void> {
    const target = new URL(redisUrl);
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

describe('the BullMQ producer when Redis goes away', () => {
  const hop = new RedisHop();
  const prefix = `callradar-test-${randomUUID()}`;
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  let producer: BullmqJobQueue | null = null;

  afterAll(async () => {
    await producer?.close();
    await hop.cut();
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    await new Queue('matching', { connection, prefix }).obliterate({ force: true });
    await connection.quit();
  });

  it('logs the outage once while errors repeat, logs the recovery, and enqueues again', async () => {
    await hop.open();
    producer = new BullmqJobQueue(`redis://127.0.0.1:${hop.port}`, prefix, logger);
    await producer.ping();
    let errors = 0;
    producer.connection.on('error', () => {
      errors += 1;
    });

    await hop.cut();
    // ioredis retries every few hundred milliseconds; each failed attempt is an 'error'.
    const deadline = Date.now() + 10_000;
    while (errors < 3 && Date.now() < deadline) await sleep(50);
    expect(errors).toBeGreaterThanOrEqual(3);
    await expect(
      producer.enqueue('matching', 'rematch-all', {}, { jobId: 'during-outage' }),
    ).rejects.toThrow();
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual([
      'Redis connection lost: enqueues fail until it is back',
    ]);

    await hop.open();
    await producer.ping();
    expect(lines.filter((line) => line.msg === 'Redis connection restored')).toHaveLength(1);
    await producer.enqueue('matching', 'rematch-all', {}, { jobId: 'after-outage' });
  });
});
