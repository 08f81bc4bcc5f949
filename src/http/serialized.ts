import type { FastifyReply } from 'fastify';

/**
 * Sends JSON serialised beforehand (a cached page): fastify sends a string payload as it is,
 * skipping the route's serializer (https://fastify.dev/docs/latest/Reference/Reply/#senddata).
 * The reply is widened from the route's typed reply, whose send() takes the schema's object.
 */
export function sendSerializedJson(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body);
}
