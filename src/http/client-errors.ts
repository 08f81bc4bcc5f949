import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';
import { errorBody } from './errors.js';

/**
 * What Node's HTTP parser rejects before fastify sees a request (headers over
 * `maxHeaderSize`, a malformed request line, a request that took too long to arrive) is
 * answered on the socket by fastify's `clientErrorHandler` option
 * (https://fastify.dev/docs/latest/Reference/Server/#clienterrorhandler). The default writes
 * a body without a request id; this one writes the API's error shape, with an id made here
 * because no request exists to carry one. Statuses follow Node's own choices
 * (lib/_http_server.js): 431 header overflow, 413 chunk extensions overflow, 408 timeout.
 */
const statusOfParserError: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const messageOfStatus: Record<number, string> = {
  431: 'The request headers are too large',
  413: 'The request body chunks are too large',
  408: 'The request took too long to arrive',
  400: 'The request is not valid HTTP',
};

export function clientErrorHandler(logger: Logger) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    // A reset connection has nobody left to answer (Node docs, "Event: 'clientError'").
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const statusCode = statusOfParserError[error.code ?? ''] ?? 400;
    const requestId = randomUUID();
    logger.info({ code: error.code, statusCode, requestId }, 'request rejected by the HTTP parser');
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const message = messageOfStatus[statusCode] ?? 'Bad request';
    const body = JSON.stringify(errorBody(statusCode, message, requestId));
    const head = [
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      `X-Request-Id: ${requestId}`,
      'Connection: close',
    ];
    // end() flushes the answer before closing; the parser cannot resume on this socket.
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  };
}
