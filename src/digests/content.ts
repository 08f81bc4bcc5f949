import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { departments, digestSubscriptions, tenants } from '../db/schema/index.js';
import { InvalidInput, NotFound } from '../errors.js';
import { explanationLanguage } from '../matching/explanation-view.js';
import type { DigestContent, DigestLanguage, ShownSnapshot } from './content-types.js';
import {
  type DepartmentCall,
  departmentCalls,
  type Executor,
  lastDigestAt,
  shownSnapshots,
} from './department-calls.js';
import type { DigestDeps } from './deps.js';
import { recipientLinks } from './links.js';
import { asOfInstant, digestPeriodAt } from './schedule.js';
import { DEFAULT_DIGEST_MIN_SCORE, decideSections, shownCallIds, snapshotOf } from './sections.js';

export type TenantRow = typeof tenants.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;

type ContentDeps = Pick<DigestDeps, 'db' | 'clock' | 'publicBaseUrl' | 'config'>;

const WEEK_MS = 7 * 86_400_000;

/** The department's own threshold, else the default (sections.ts says why that number). */
export function digestMinScore(department: DepartmentRow): number {
  return department.digestMinScore ?? DEFAULT_DIGEST_MIN_SCORE;
}

/** The recipient's language: their own choice, else the department's, in one we write. */
export function digestLanguage(
  department: DepartmentRow,
  subscriptionLanguage: string | null | undefined,
): DigestLanguage {
  return explanationLanguage(subscriptionLanguage, department.language);
}

export interface RecipientContent {
  content: DigestContent;
  /** What digest_shown is to hold after this digest: every call it lists, as it is now. */
  shown: Array<{ callId: string; snapshot: ShownSnapshot }>;
}

/**
 * One recipient's digest of one department as of `now`: the department's calls (read once
 * per department by the caller) against what this recipient was shown. `db` is the
 * planning transaction, so content, emails and digest_shown are decided together.
 */
export async function decideRecipientContent(
  deps: ContentDeps,
  db: Executor,
  input: {
    tenant: TenantRow;
    department: DepartmentRow;
    calls: DepartmentCall[];
    recipient: string;
    language: DigestLanguage;
    now: Date;
    periodLabel: string;
  },
): Promise<RecipientContent> {
  const { tenant, department, calls, recipient, language, now } = input;
  const scope = { departmentId: department.id, email: recipient };
  const shown = await shownSnapshots(db, scope);
  const since = (await lastDigestAt(db, scope)) ?? new Date(now.getTime() - WEEK_MS);
  const sections = decideSections(calls, shown, {
    now,
    language,
    publicBaseUrl: deps.publicBaseUrl,
    minScore: digestMinScore(department),
  });
  const links = await recipientLinks(deps, scope);
  const base = deps.publicBaseUrl.replace(/\/$/, '');
  const listed = shownCallIds(sections);
  return {
    content: {
      kind: 'department',
      language,
      timeZone: tenant.timeZone,
      tenant: { slug: tenant.slug, name: tenant.name },
      department: { key: department.key, name: department.name },
      period: { from: since.toISOString(), to: now.toISOString(), label: input.periodLabel },
      generatedAt: now.toISOString(),
      sections,
      links: {
        allMatches: `${base}/v1/matches?department=${encodeURIComponent(department.key)}`,
        unsubscribe: links.unsubscribe,
        preferences: links.preferences,
      },
    },
    shown: calls
      .filter((call) => listed.has(call.callId))
      .map((call) => ({ callId: call.callId, snapshot: snapshotOf(call) })),
  };
}

/** The tenant and one of its departments by key; 404 when either is unknown. */
export async function loadDepartment(
  db: Database,
  tenantId: string,
  departmentKey: string,
): Promise<{ tenant: TenantRow; department: DepartmentRow }> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw new NotFound('No such tenant');
  const [department] = await db
    .select()
    .from(departments)
    .where(and(eq(departments.tenantId, tenantId), eq(departments.key, departmentKey)));
  if (!department) throw new NotFound(`No department "${departmentKey}"`);
  return { tenant, department };
}

/**
 * What one department's digest would say right now (or as of `asOf`, YYYY-MM-DD) for one
 * recipient (the first of the department's when none is named): the preview route and the
 * CLI show exactly this; the planner stores the same for each recipient. Nothing is written.
 */
export async function previewDigestContent(
  deps: ContentDeps,
  input: { tenantId: string; departmentKey: string; asOf?: string; recipient?: string },
): Promise<DigestContent> {
  const { tenant, department } = await loadDepartment(deps.db, input.tenantId, input.departmentKey);
  const recipient = input.recipient ?? department.recipients[0];
  if (!recipient)
    throw new InvalidInput(
      `department "${department.key}" has no recipients: name one to preview their digest`,
    );
  const now = input.asOf ? asOfInstant(input.asOf) : deps.clock.now();
  const [subscription] = await deps.db
    .select()
    .from(digestSubscriptions)
    .where(
      and(
        eq(digestSubscriptions.departmentId, department.id),
        eq(digestSubscriptions.email, recipient),
      ),
    );
  const period = digestPeriodAt(
    { weekday: tenant.digestWeekday, hour: tenant.digestHour, timeZone: tenant.timeZone },
    now,
  );
  const calls = await departmentCalls(deps.db, {
    tenantId: tenant.id,
    areaKeys: department.areaKeys,
    now,
  });
  const { content } = await decideRecipientContent(deps, deps.db, {
    tenant,
    department,
    calls,
    recipient,
    language: digestLanguage(department, subscription?.language),
    now,
    periodLabel: period.label,
  });
  return content;
}
