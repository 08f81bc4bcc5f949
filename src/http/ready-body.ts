import { gzipSync } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendVary, entityTagOf } from './conditional-get.js';

/** Below this a gzip member's own overhead outweighs what it saves (@fastify/compress's default). */
const MIN_GZIP_BYTES = 1_024;
const CODINGS: Array<'gzip' | 'identity'> = ['gzip', 'identity'];

/**
 * An answer made once and sent many times (a cached list page, a rendered feed), with what
 * each sending would otherwise recompute: its entity tag, and its gzip form, made the
 * first time a client accepts it. A 30 KB match page is ~4 KB gzipped: the socket write
 * was the largest single cost of a cached page on this machine.
 */
export class ReadyBody {
  readonly etag: string;
  private gzipped: { bytes: Buffer; etag: string } | undefined;

  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {
    this.etag = entityTagOf(text);
  }

  static json(text: string): ReadyBody {
    return new ReadyBody(text, 'application/json; charset=utf-8');
  }

  /** The gzip representation, made once; a strong tag of its own (RFC 9110 8.8.3.3). */
  gzip(): { bytes: Buffer; etag: string } {
    this.gzipped ??= { bytes: gzipSync(this.text), etag: `${this.etag.slice(0, -1)}-gzip"` };
    return this.gzipped;
  }
}

/**
 * Sends a ready body, gzipped when the client's Accept-Encoding prefers it (every browser
 * and feed reader sends one). Its tag is set here, so the conditional-GET hook compares
 * If-None-Match with it instead of hashing the bytes again. The reply is widened from the
 * route's typed reply, whose send() takes the schema's object: fastify sends a string or
 * Buffer as it is, skipping the serializer.
 */
export function sendReadyBody(
  request: FastifyRequest,
  reply: FastifyReply,
  body: ReadyBody,
): FastifyReply {
  reply.type(body.contentType);
  appendVary(reply, ['Accept-Encoding']);
  const accepted = request.headers['accept-encoding'];
  if (body.text.length >= MIN_GZIP_BYTES && accepted && negotiate(accepted, CODINGS) === 'gzip') {
    const { bytes, etag } = body.gzip();
    return reply.header('content-encoding', 'gzip').header('etag', etag).send(bytes);
  }
  return reply.header('etag', body.etag).send(body.text);
}
