import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from 'typebox';

/** Domain errors that map to a 4xx; anything else is a 500 with no internals. */
export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class BadRequestError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

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
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** One error shape for every route; 5xx never carries a message from inside. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.validation ? 400 : (error.statusCode ?? 500);
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
