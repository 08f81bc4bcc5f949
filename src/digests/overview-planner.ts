import { digestEmails } from '../db/schema/index.js';
import { explanationLanguage } from '../matching/explanation-view.js';
import type { TenantRow } from './content.js';
import type { DigestDeps } from './deps.js';
import { overviewContent } from './overview.js';
import { claimRun, finishOrFollowUp, type PlanCount } from './runs.js';
import type { DigestPeriod } from './schedule.js';

/**
 * The coordinator overview of the period: one run for the tenant (no department), one email
 * per coordinator address, planned after the departments' runs so it can tell what each
 * was sent. Claimed like a department's run, so racing planners make one.
 */
export async function planOverview(
  deps: DigestDeps,
  input: { tenant: TenantRow; period: DigestPeriod; now: Date },
): Promise<PlanCount> {
  const { tenant, period, now } = input;
  const coordinators = [...new Set(tenant.coordinatorEmails)];
  if (coordinators.length === 0) return { runs: 0, emails: 0 };
  const createdAt = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const runId = await claimRun(tx, {
      tenantId: tenant.id,
      departmentId: null,
      kind: 'overview',
      period,
      createdAt,
    });
    if (!runId) return { runs: 0, emails: 0 };
    const language = explanationLanguage(...tenant.languages);
    const content = await overviewContent(tx, {
      tenant,
      periodLabel: period.label,
      now,
      language,
      publicBaseUrl: deps.publicBaseUrl,
    });
    const nothing =
      content.departments.length === 0 &&
      content.unrouted.items.length === 0 &&
      content.sourceProblems.length === 0;
    const emails = nothing && !tenant.digestSendEmpty ? [] : coordinators;
    if (emails.length > 0)
      await tx
        .insert(digestEmails)
        .values(emails.map((recipient) => ({ runId, recipient, language, content, createdAt })))
        .onConflictDoNothing();
    await finishOrFollowUp(tx, runId, emails.length, createdAt);
    return { runs: 1, emails: emails.length };
  });
}
