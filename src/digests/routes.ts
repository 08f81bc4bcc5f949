import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestTenant } from '../auth/principal.js';
import { ErrorResponse } from '../http/errors.js';
import { previewDigestContent } from './content.js';
import type { DigestDeps } from './deps.js';
import { listDigestRuns } from './history.js';
import { recipientRoutes } from './recipient-routes.js';
import { renderDigest } from './render/index.js';
import { DigestListQuery, DigestRunPage, PreviewParams, PreviewQuery } from './schemas.js';

type DigestRouteDeps = Pick<DigestDeps, 'db' | 'clock' | 'publicBaseUrl' | 'config'>;

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 500: ErrorResponse };

/**
 * The mail a digest is rendered in may style itself inline and show data: images, nothing
 * more; the API's own policy (`default-src 'none'`) would show the preview unstyled.
 */
const PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Digest history and preview for a tenant's keys; the recipients' own pages by signed link. */
export const digestRoutes: FastifyPluginAsyncTypebox<DigestRouteDeps> = async (app, deps) => {
  await app.register(recipientRoutes, { db: deps.db, clock: deps.clock });

  app.get(
    '/v1/digests',
    {
      config: { access: 'tenant-read' },
      schema: {
        tags: ['digests'],
        summary: "The tenant's digest runs, newest first, with each recipient's delivery state",
        querystring: DigestListQuery,
        response: { 200: DigestRunPage, ...errors },
      },
    },
    (request) => listDigestRuns(deps.db, requestTenant(request).id, request.query),
  );

  app.get(
    '/v1/departments/:key/digest/preview',
    {
      // The preview carries the recipient's working unsubscribe and preference links: a
      // coordinator (who edits recipients anyway) may see them, a reader key may not.
      config: { access: 'tenant-write' },
      schema: {
        tags: ['digests'],
        summary: "Exactly what the department's next digest would say now (or as of a day)",
        description:
          'The HTML or plain-text part, rendered from the content the planner would store for the recipient (default: the first). The subject is in the X-Digest-Subject header (percent-encoded UTF-8).',
        params: PreviewParams,
        querystring: PreviewQuery,
        response: {
          200: {
            content: {
              'text/html': { schema: { type: 'string' } },
              'text/plain': { schema: { type: 'string' } },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { format, asOf, recipient } = request.query;
      const content = await previewDigestContent(deps, {
        tenantId: requestTenant(request).id,
        departmentKey: request.params.key,
        ...(asOf === undefined ? {} : { asOf }),
        ...(recipient === undefined ? {} : { recipient }),
      });
      const rendered = renderDigest(content);
      reply.header('x-digest-subject', encodeURIComponent(rendered.subject));
      if (format === 'text') return reply.type('text/plain; charset=utf-8').send(rendered.text);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', PREVIEW_CSP)
        .send(rendered.html);
    },
  );
};
