import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DomainError, type DomainErrorKind } from '../errors.js';

/** The one place a domain error becomes an HTTP status. */
const statusOfKind: Record<DomainErrorKind, number> = {
  'not-found': 404,
  'invalid-input': 400,
  conflict: 409,
  'precondition-failed': 412,
  unauthenticated: 401,
  forbidden: 403,
};

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String({ description: 'HTTP reason phrase' }),
    message: Type.String({ description: 'What went wrong, for a person' }),
    requestId: Type.String({ description: 'Quote this when reporting a problem' }),
  },
  { $id: 'ErrorResponse' },
);

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Domain errors by kind; fastify's own (validation, bad bodies, body limits) by the status
 * they carry; anything else is a 500.
 */
function statusOf(error: FastifyError | DomainError): number {
  if (error instanceof DomainError) return statusOfKind[error.kind];
  return error.validation ? 400 : (error.statusCode ?? 500);
}

/** One error shape for every route; 5xx never carries a message from inside. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    const statusCode = statusOf(error);
    const clientError = statusCode >= 400 && statusCode < 500;
    if (clientError) request.log.info({ err: error }, 'request rejected');
    else request.log.error({ err: error }, 'request failed');
    void reply.status(statusCode).send({
      statusCode,
      error: reasons[statusCode] ?? (clientError ? 'Bad Request' : 'Internal Server Error'),
      message: clientError ? error.message : 'Something went wrong on our side.',
      requestId: request.id,
    });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      statusCode: 404,
      error: 'Not Found',
      message: `No route for ${request.method} ${request.url.split('?')[0]}`,
      requestId: request.id,
    });
  });
}
