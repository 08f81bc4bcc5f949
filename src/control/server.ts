import { chmod, rm } from 'node:fs/promises';
import net from 'node:net';
import type { Logger } from '../logger.js';
import {
  type ControlMessage,
  type ControlRequest,
  encodeMessage,
  lineReader,
  MAX_REQUEST_BYTES,
} from './protocol.js';

const REQUEST_TIMEOUT_MS = 10_000;

/** Runs one request; progress() streams a line back before the result. */
type ControlHandler = (
  request: ControlRequest,
  progress: (value: unknown) => void,
) => Promise<unknown>;

export interface ControlServer {
  readonly socketPath: string;
  /** Stops taking requests and waits for the running ones to answer. */
  close(): Promise<void>;
}

/**
 * Listens on a unix socket that only this user can open (mode 0600). The caller must hold
 * the embedded folder's lock: a socket file already there was left by a holder that died,
 * and is replaced.
 */
export async function startControlServer(
  socketPath: string,
  handler: ControlHandler,
  logger: Logger,
): Promise<ControlServer> {
  await rm(socketPath, { force: true });
  const running = new Set<Promise<void>>();
  const server = net.createServer((socket) => {
    const work = serveConnection(socket, handler, logger);
    running.add(work);
    void work.finally(() => running.delete(work));
  });
  await listenPrivately(server, socketPath);
  return {
    socketPath,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...running]);
      await closed;
      await rm(socketPath, { force: true });
    },
  };
}

/** The umask covers the instant between bind and chmod, so no one else can connect then. */
async function listenPrivately(server: net.Server, socketPath: string): Promise<void> {
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previous);
  }
  await chmod(socketPath, 0o600);
}

async function serveConnection(
  socket: net.Socket,
  handler: ControlHandler,
  logger: Logger,
): Promise<void> {
  const send = (message: ControlMessage) => {
    if (!socket.destroyed) socket.write(encodeMessage(message));
  };
  // A client that goes away mid-command does not stop the command: it runs to its end.
  socket.on('error', (error) => logger.warn({ err: error }, 'control connection lost'));
  // A connection that never sends its request must not hold up the shutdown; once the
  // command runs it may take as long as a poll takes.
  socket.setTimeout(REQUEST_TIMEOUT_MS, () => socket.destroy());
  try {
    const request = await readRequest(socket);
    socket.setTimeout(0);
    logger.info({ command: request.command }, 'running a command from the CLI');
    const result = await handler(request, (progress) => send({ type: 'progress', progress }));
    send({ type: 'result', result });
  } catch (error) {
    logger.warn({ err: error }, 'command from the CLI failed');
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    socket.end();
  }
}

function readRequest(socket: net.Socket): Promise<ControlRequest> {
  return new Promise((resolve, reject) => {
    let received = 0;
    const onData = lineReader((line) => {
      socket.off('data', onChunk);
      try {
        resolve(parseRequest(line));
      } catch (error) {
        reject(error);
      }
    });
    const onChunk = (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_REQUEST_BYTES) {
        socket.off('data', onChunk);
        reject(new Error(`request larger than ${MAX_REQUEST_BYTES} bytes`));
        return;
      }
      onData(chunk);
    };
    socket.on('data', onChunk);
    socket.once('close', () => reject(new Error('the connection closed before a request')));
  });
}

function parseRequest(line: string): ControlRequest {
  const value = JSON.parse(line) as Partial<ControlRequest>;
  if (typeof value?.command !== 'string') throw new Error('a request needs a command');
  return { command: value.command, args: value.args };
}
