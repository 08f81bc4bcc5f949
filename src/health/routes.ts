import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

const CheckResult = Type.Object({
  name: Type.String(),
  ok: Type.Boolean(),
  error: Type.Optional(Type.String()),
});

/** /health: the process answers. /ready: it can reach what it needs (database, queue). */
export const healthRoutes: FastifyPluginAsyncTypebox<{ checks: ReadinessCheck[] }> = async (
  app,
  options,
) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: database and queue reachable',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), checks: Type.Array(CheckResult) }),
          503: Type.Object({
            status: Type.Literal('unavailable'),
            checks: Type.Array(CheckResult),
          }),
        },
      },
    },
    async (_request, reply) => {
      const checks = await Promise.all(
        options.checks.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), 2000);
            return { name, ok: true };
          } catch (error) {
            // Name the failing dependency, not its connection string or stack.
            return { name, ok: false, error: error instanceof Error ? error.name : 'Error' };
          }
        }),
      );
      if (checks.every((check) => check.ok)) return { status: 'ready' as const, checks };
      return reply.status(503).send({ status: 'unavailable' as const, checks });
    },
  );
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
