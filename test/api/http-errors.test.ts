import { connect } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { buildTestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { expectErrorShape } from '../helpers/error-shape.js';

/** One raw HTTP/1.1 exchange: the bytes as written, the answer as the socket gave it. */
async function rawRequest(port: number, request: string) {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  socket.write(request);
  await new Promise((resolve) => socket.on('close', resolve));
  const text = Buffer.concat(chunks).toString('utf8');
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { statusCode: Number(statusLine.split(' ')[1]), headers, body };
}

describe('errors made before and around routing', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp({ db: database.db, clock: systemClock });
    // A route with a JSON body, added the way any domain's routes are.
    app.post(
      '/test/echo',
      { schema: { body: Type.Object({ name: Type.String() }) } },
      async (request) => request.body,
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const asRaw = (response: LightMyRequestResponse) => ({
    statusCode: response.statusCode,
    headers: response.headers,
    body: response.body,
  });

  it('answers headers over the parser limit with 431 in the error shape, with an id made for it', async () => {
    const response = await rawRequest(
      port,
      `GET /v1/calls HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const body = expectErrorShape(response, 431);
    expect(body.error).toBe('Request Header Fields Too Large');
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a request line that is not HTTP with 400 in the error shape', async () => {
    const response = await rawRequest(port, 'GET /v1/calls NOT-HTTP\r\n\r\n');
    expectErrorShape(response, 400);
  });

  it('answers bodies that are too large, not JSON, empty or of another type in the error shape', async () => {
    const post = (payload: string, contentType: string) =>
      app.inject({
        method: 'POST',
        url: '/test/echo',
        payload,
        headers: { 'content-type': contentType },
      });
    const tooLarge = await post(
      JSON.stringify({ name: 'x'.repeat(1_100_000) }),
      'application/json',
    );
    expect(expectErrorShape(asRaw(tooLarge), 413).error).toBe('Payload Too Large');
    expectErrorShape(asRaw(await post('{"name": ', 'application/json')), 400);
    expectErrorShape(asRaw(await post('', 'application/json')), 400);
    expectErrorShape(asRaw(await post('<name/>', 'application/xml')), 415);
    expectErrorShape(asRaw(await post('{"name": {}}', 'application/json')), 400);
    expect((await post('{"name": "ok"}', 'application/json')).json()).toEqual({ name: 'ok' });
  });

  it('answers unknown routes with 404 and broken percent-encoding with 400, both in the error shape', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(expectErrorShape(asRaw(unknown), 404).message).toBe('No route for GET /v1/nothing-here');
    const broken = await app.inject({ method: 'GET', url: '/v1/calls/%E0%A4%A' });
    expect(expectErrorShape(asRaw(broken), 400).message).toMatch(/malformed/);
  });

  it('keeps errors out of caches', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(unknown.headers['cache-control']).toBe('no-store');
  });
});
