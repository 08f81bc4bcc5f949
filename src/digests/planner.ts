import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  departments,
  digestEmails,
  digestRuns,
  digestShown,
  digestSubscriptions,
  tenants,
} from '../db/schema/index.js';
import {
  type DepartmentRow,
  decideRecipientContent,
  digestLanguage,
  type TenantRow,
} from './content.js';
import { departmentCalls } from './department-calls.js';
import type { DigestDeps } from './deps.js';
import { planOverview } from './overview-planner.js';
import { claimRun, finishOrFollowUp, type PlanCount } from './runs.js';
import { asOfInstant, type DigestPeriod, duePeriod } from './schedule.js';
import { isEmpty } from './sections.js';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Plans every digest due as of the clock (or `asOf`): for each tenant whose schedule has
 * come this period, one run per department (and the coordinator overview), its emails and
 * their content in the same transaction, and the run's send-digest follow-up.
 */
export async function planDueDigests(
  deps: DigestDeps,
  options: { asOf?: string; tenantId?: string },
): Promise<PlanCount> {
  const now = options.asOf ? asOfInstant(options.asOf) : deps.clock.now();
  const due = await deps.db
    .select()
    .from(tenants)
    .where(
      and(
        eq(tenants.digestEnabled, true),
        options.tenantId ? eq(tenants.id, options.tenantId) : undefined,
      ),
    )
    .orderBy(tenants.slug);
  const total: PlanCount = { runs: 0, emails: 0 };
  const duePeriods = due.flatMap((tenant) => {
    const schedule = {
      weekday: tenant.digestWeekday,
      hour: tenant.digestHour,
      timeZone: tenant.timeZone,
    };
    const period = duePeriod(schedule, now);
    return period ? [{ tenant, period }] : [];
  });
  for (const { tenant, period } of duePeriods)
    for (const department of await departmentsToPlan(deps.db, tenant.id, period))
      add(total, await planDepartment(deps, { tenant, department, period, now }));
  // After every department: the overview tells what each was sent.
  for (const { tenant, period } of duePeriods)
    add(total, await planOverview(deps, { tenant, period, now }));
  if (total.runs > 0) deps.outbox?.poke();
  return total;
}

/**
 * The tenant's departments with recipients and no run for the period yet. The check every
 * five minutes then costs one query per tenant once the week is planned, not a transaction
 * per department; the run's unique key still decides a race.
 */
async function departmentsToPlan(db: Database, tenantId: string, period: DigestPeriod) {
  const planned = await db
    .select({ departmentId: digestRuns.departmentId })
    .from(digestRuns)
    .where(
      and(
        eq(digestRuns.tenantId, tenantId),
        eq(digestRuns.kind, 'department'),
        eq(digestRuns.period, period.label),
      ),
    );
  const done = new Set(planned.map((row) => row.departmentId));
  const rows = await db
    .select()
    .from(departments)
    .where(eq(departments.tenantId, tenantId))
    .orderBy(departments.key);
  return rows.filter((row) => row.recipients.length > 0 && !done.has(row.id));
}

function add(total: PlanCount, part: PlanCount): void {
  total.runs += part.runs;
  total.emails += part.emails;
}

/**
 * The period's run of one department, or nothing when another planner made it first. The
 * run's insert is the claim: a racing planner's insert waits on the unique index until this
 * transaction ends, then finds the row and plans nothing. Emails, what they show and the
 * send-digest follow-up commit with the run, or none of them do.
 */
async function planDepartment(
  deps: DigestDeps,
  input: { tenant: TenantRow; department: DepartmentRow; period: DigestPeriod; now: Date },
): Promise<PlanCount> {
  const { tenant, department, period, now } = input;
  const createdAt = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const runId = await claimRun(tx, {
      tenantId: tenant.id,
      departmentId: department.id,
      kind: 'department',
      period,
      createdAt,
    });
    if (!runId) return { runs: 0, emails: 0 };
    const calls = await departmentCalls(tx, {
      tenantId: tenant.id,
      areaKeys: department.areaKeys,
      now,
    });
    const recipients = await recipientsDue(tx, department, period);
    let emails = 0;
    for (const { email, language } of recipients) {
      const decided = await decideRecipientContent(deps, tx, {
        tenant,
        department,
        calls,
        recipient: email,
        language,
        now,
        periodLabel: period.label,
      });
      if (isEmpty(decided.content.sections) && !tenant.digestSendEmpty) continue;
      const [row] = await tx
        .insert(digestEmails)
        .values({ runId, recipient: email, language, content: decided.content, createdAt })
        .returning({ id: digestEmails.id });
      if (!row) throw new Error('digest email was not stored');
      await recordShown(
        tx,
        { departmentId: department.id, email, emailId: row.id, now },
        decided.shown,
      );
      emails += 1;
    }
    await finishOrFollowUp(tx, runId, emails, createdAt);
    return { runs: 1, emails };
  });
}

/**
 * The department's recipients this period, each once, in their language: minus those who
 * turned the digest off, and fortnightly readers who were sent the previous period's (by
 * their own history rather than even and odd weeks, so a new fortnightly reader starts at
 * once and a year of 53 weeks does not make anyone skip two).
 */
async function recipientsDue(
  tx: Tx,
  department: DepartmentRow,
  period: DigestPeriod,
): Promise<Array<{ email: string; language: ReturnType<typeof digestLanguage> }>> {
  const subscriptions = new Map(
    (
      await tx
        .select()
        .from(digestSubscriptions)
        .where(eq(digestSubscriptions.departmentId, department.id))
    ).map((row) => [row.email, row]),
  );
  const previous = await tx
    .select({ recipient: digestEmails.recipient })
    .from(digestEmails)
    .innerJoin(digestRuns, eq(digestRuns.id, digestEmails.runId))
    .where(
      and(eq(digestRuns.departmentId, department.id), eq(digestRuns.period, period.previousLabel)),
    );
  const sentLastPeriod = new Set(previous.map((row) => row.recipient));
  return [...new Set(department.recipients)].flatMap((email) => {
    const subscription = subscriptions.get(email);
    const frequency = subscription?.frequency ?? 'weekly';
    if (frequency === 'off') return [];
    if (frequency === 'fortnightly' && sentLastPeriod.has(email)) return [];
    return [{ email, language: digestLanguage(department, subscription?.language) }];
  });
}

/** digest_shown after an email: each call it lists, as it is now, for next time's "changed". */
async function recordShown(
  tx: Tx,
  scope: { departmentId: string; email: string; emailId: number; now: Date },
  shown: Array<{ callId: string; snapshot: (typeof digestShown.$inferInsert)['snapshot'] }>,
): Promise<void> {
  if (shown.length === 0) return;
  await tx
    .insert(digestShown)
    .values(
      shown.map(({ callId, snapshot }) => ({
        departmentId: scope.departmentId,
        email: scope.email,
        callId,
        snapshot,
        emailId: scope.emailId,
        firstShownAt: scope.now,
        lastShownAt: scope.now,
      })),
    )
    .onConflictDoUpdate({
      target: [digestShown.departmentId, digestShown.email, digestShown.callId],
      set: {
        snapshot: sql`excluded.snapshot`,
        emailId: sql`excluded.email_id`,
        lastShownAt: sql`excluded.last_shown_at`,
      },
    });
}
