import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';

/** A form field's name and value from one part of a multipart/form-data body (RFC 7578). */
function fieldOfPart(part: string): [string, string] | null {
  const split = part.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(part.slice(0, split))?.[1];
  if (name === undefined) return null;
  return [name, part.slice(split + 4).replace(/\r\n$/, '')];
}

/** The text fields of a multipart/form-data body; files are not expected and not kept. */
export function parseMultipartFields(body: string, contentType: string): Record<string, string> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary)
    throw Object.assign(new Error('multipart body without a boundary'), { statusCode: 400 });
  const fields: Record<string, string> = {};
  for (const part of body.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const field = fieldOfPart(part.replace(/^\r\n/, ''));
    if (field && !Object.hasOwn(fields, field[0])) fields[field[0]] = field[1];
  }
  return fields;
}

/**
 * The recipient routes take HTML forms and the one-click POST, which RFC 8058 §3.2 lets a
 * mail client send as application/x-www-form-urlencoded or multipart/form-data. Registered
 * inside the digest routes' plugin only, so the rest of the API still accepts JSON alone.
 */
export async function acceptFormBodies(app: FastifyInstance): Promise<void> {
  await app.register(formbody, { bodyLimit: 4096 });
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'string', bodyLimit: 16_384 },
    (request, body, done) => {
      try {
        done(null, parseMultipartFields(String(body), String(request.headers['content-type'])));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
