import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { DomainError, type DomainErrorKind } from '../errors.js';
import { isDatabaseUnavailable } from './database-unavailable.js';

/** The one place a domain error becomes an HTTP status. */
const statusOfKind: Record<DomainErrorKind, number> = {
  'not-found': 404,
  'invalid-input': 400,
  conflict: 409,
  'precondition-failed': 412,
  unauthenticated: 401,
  forbidden: 403,
};

/** The error shape, added once to the app as a shared schema (components.schemas in OpenAPI). */
const ErrorResponseSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String({ description: 'HTTP reason phrase' }),
    message: Type.String({ description: 'What went wrong, for a person' }),
    requestId: Type.String({ description: 'Quote this when reporting a problem' }),
  },
  { $id: 'ErrorResponse' },
);

export type ErrorBody = Static<typeof ErrorResponseSchema>;

/**
 * What a route names in its `response` for an error status: a reference to the shared
 * schema, so the document defines the shape once and every route points at it.
 */
export const ErrorResponse = Type.Unsafe<ErrorBody>({ $ref: 'ErrorResponse#' });

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
const INTERNAL_MESSAGE = 'Something went wrong on our side.';

export function errorBody(statusCode: number, message: string, requestId: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, requestId };
}

/**
 * Domain errors by kind; fastify's own (validation, bad bodies, body limits, rate limit) by
 * the status they carry; a database that cannot be reached is a 503; anything else a 500.
 */
function statusOf(error: FastifyError | DomainError): number {
  if (error instanceof DomainError) return statusOfKind[error.kind];
  if (isDatabaseUnavailable(error)) return 503;
  if (error.validation) return 400;
  const status = error.statusCode ?? 500;
  return status >= 400 && status <= 599 ? status : 500;
}

function sendError(reply: FastifyReply, body: ErrorBody): void {
  // An error is about this moment (a limit, an outage): no cache may keep it.
  // A tag set before the error (an answer that failed late) belongs to no representation.
  reply.removeHeader('etag');
  void reply.status(body.statusCode).header('cache-control', 'no-store').send(body);
}

function answerError(
  error: FastifyError | DomainError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const statusCode = statusOf(error);
  if (statusCode === 503) {
    request.log.warn({ err: error }, 'database unavailable');
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    sendError(reply, errorBody(503, 'The database is unavailable; retry shortly.', request.id));
    return;
  }
  const clientError = statusCode < 500;
  if (clientError) request.log.info({ err: error }, 'request rejected');
  else request.log.error({ err: error }, 'request failed');
  sendError(
    reply,
    errorBody(statusCode, clientError ? error.message : INTERNAL_MESSAGE, request.id),
  );
}

/** One error shape for every route; 5xx never carries a message from inside. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.addSchema(ErrorResponseSchema);
  app.setErrorHandler(answerError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    sendError(reply, errorBody(404, `No route for ${request.method} ${path}`, request.id));
  });
}

/**
 * fastify's `frameworkErrors` option: errors its router raises before any route (a URL
 * whose percent-encoding is broken, an over-long path parameter) answered in our shape
 * rather than fastify's default body without a request id.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const statusCode = error.statusCode ?? 400;
  const message =
    statusCode >= 500
      ? INTERNAL_MESSAGE
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A path parameter is too long'
        : 'The URL is malformed (broken percent-encoding)';
  request.log.info({ err: error }, 'request rejected before routing');
  reply.header('x-request-id', request.id);
  sendError(reply, errorBody(statusCode, message, request.id));
}
