import { eq } from 'drizzle-orm';
import { type Static, Type } from 'typebox';
import { digestRuns, tenants } from '../../db/schema/index.js';
import { previewDigestContent } from '../../digests/content.js';
import type { RenderedDigest } from '../../digests/content-types.js';
import type { DigestDeps } from '../../digests/deps.js';
import { planDueDigests } from '../../digests/planner.js';
import { renderDigest } from '../../digests/render/index.js';
import { sendDigestRun } from '../../digests/sender.js';
import { digestSettings } from '../../digests/settings.js';
import { NotFound } from '../../errors.js';
import { validatePayload } from '../../jobs/dispatch.js';
import { OutboxRelay, type OutboxRow } from '../../jobs/outbox.js';
import type { CommandDeps } from './types.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' });

export const DigestPreviewArgsSchema = Type.Object({
  tenant: Slug,
  department: Type.String({ minLength: 1 }),
  asOf: Type.Optional(Day),
  recipient: Type.Optional(Type.String({ minLength: 3 })),
});
export type DigestPreviewArgs = Static<typeof DigestPreviewArgsSchema>;

export const DigestRunArgsSchema = Type.Object({ tenant: Slug, asOf: Type.Optional(Day) });
export type DigestRunArgs = Static<typeof DigestRunArgsSchema>;

export interface DigestRunSummary {
  tenant: string;
  /** What planning made now (0 when this period was planned before). */
  planned: { runs: number; emails: number };
  /** What the sends here did, over every run they took. */
  sent: number;
  failed: number;
  temporary: number;
  /** Send jobs that threw (a temporary SMTP failure): their rows stay for the service's retry. */
  sendsLeft: number;
}

async function tenantIdOf(deps: CommandDeps, slug: string): Promise<string> {
  const [tenant] = await deps.db
    .select({ id: tenants.id })
    .from(tenants)
    .where(eq(tenants.slug, slug));
  if (!tenant) throw new NotFound(`No tenant "${slug}"`);
  return tenant.id;
}

/** The digest deps of a command: the process's mailer, links and clock; jobs go via job_outbox. */
function commandDigestDeps(deps: CommandDeps): DigestDeps {
  return {
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    ...digestSettings(deps.config),
    jobs: () => {
      // Planning records its send-digest follow-ups in job_outbox; this command runs them.
      throw new Error('a CLI command queues no jobs directly');
    },
  };
}

/** `digest preview`: exactly what the department's digest would be now (or as of a day). */
export async function previewDigest(
  deps: CommandDeps,
  args: DigestPreviewArgs,
): Promise<RenderedDigest> {
  const digestDeps = commandDigestDeps(deps);
  try {
    const content = await previewDigestContent(digestDeps, {
      tenantId: await tenantIdOf(deps, args.tenant),
      departmentKey: args.department,
      ...(args.asOf === undefined ? {} : { asOf: args.asOf }),
      ...(args.recipient === undefined ? {} : { recipient: args.recipient }),
    });
    return renderDigest(content);
  } finally {
    digestDeps.mailer.close();
  }
}

/**
 * `digest run`: plans what is due for the tenant now (or as of a day), then sends those runs
 * here rather than waiting for a worker: the send-digest rows planning recorded in
 * job_outbox for this tenant are run and removed as a worker's relay would queue them. Rows
 * of other tenants and other jobs stay for the service.
 */
export async function runDigests(
  deps: CommandDeps,
  args: DigestRunArgs,
): Promise<DigestRunSummary> {
  const digestDeps = commandDigestDeps(deps);
  const tenantId = await tenantIdOf(deps, args.tenant);
  const summary: DigestRunSummary = {
    tenant: args.tenant,
    planned: { runs: 0, emails: 0 },
    sent: 0,
    failed: 0,
    temporary: 0,
    sendsLeft: 0,
  };
  try {
    summary.planned = await planDueDigests(digestDeps, {
      tenantId,
      ...(args.asOf === undefined ? {} : { asOf: args.asOf }),
    });
    const run = async (row: OutboxRow): Promise<'done' | 'keep'> => {
      if (row.queue !== 'digests' || row.job !== 'send-digest') return 'keep';
      const { runId } = validatePayload('digests', 'send-digest', row.payload);
      const [owner] = await deps.db
        .select({ tenantId: digestRuns.tenantId })
        .from(digestRuns)
        .where(eq(digestRuns.id, runId));
      if (owner?.tenantId !== tenantId) return 'keep';
      try {
        const outcome = await sendDigestRun(digestDeps, runId);
        summary.sent += outcome.sent;
        summary.failed += outcome.failed;
        summary.temporary += outcome.temporary;
        return 'done';
      } catch (error) {
        summary.sendsLeft += 1;
        deps.logger.warn({ err: error, runId }, 'digest run: sending left for a retry');
        return 'keep';
      }
    };
    await new OutboxRelay(deps, { kind: 'run', run }).drain();
    return summary;
  } finally {
    digestDeps.mailer.close();
  }
}
