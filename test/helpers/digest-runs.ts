import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { departments, digestEmails, digestRuns, tenants } from '../../src/db/schema/index.js';
import type { DigestContent } from '../../src/digests/content-types.js';
import type { DigestDeps } from '../../src/digests/deps.js';
import { digestSettings } from '../../src/digests/settings.js';
import type { JobQueue } from '../../src/jobs/contract.js';
import { recordFollowUp } from '../../src/jobs/outbox.js';
import { seedExampleTenants } from './tenants.js';
import { silentLogger } from './workers.js';

export const TEST_PUBLIC_BASE_URL = 'https://callradar.test';
export const TEST_MAIL_FROM = 'callradar <digest@callradar.test>';

/** Lidingö (the shipped example) and its education department, imported on `clock`. */
export async function seedLidingoEducation(db: Database, clock: Clock) {
  await seedExampleTenants(db, clock, ['lidingo']);
  const [department] = await db
    .select({ departmentId: departments.id, tenantId: departments.tenantId })
    .from(departments)
    .innerJoin(tenants, eq(tenants.id, departments.tenantId))
    .where(and(eq(tenants.slug, 'lidingo'), eq(departments.key, 'education')));
  if (!department) throw new Error('the lidingo example has no education department');
  return department;
}

/**
 * The content this test file's digests carry: one new call, as the planner would store it
 * (the sender sends what was decided; what it says is the renderer's and planner's concern).
 */
export function digestContentFor(email: string, generatedAt: Date): DigestContent {
  const token = Buffer.from(email).toString('base64url');
  return {
    kind: 'department',
    language: 'sv',
    timeZone: 'Europe/Stockholm',
    tenant: { slug: 'lidingo', name: 'Lidingö stad' },
    department: { key: 'education', name: 'Utbildningsförvaltningen' },
    period: { from: '2026-06-15T05:00:00.000Z', to: generatedAt.toISOString(), label: '2026-W26' },
    generatedAt: generatedAt.toISOString(),
    sections: {
      new: {
        items: [
          {
            callId: '00000000-0000-4000-8000-000000000001',
            identifier: 'ERASMUS-EDU-2026-PEX',
            title: 'Partnerships for excellence in school education',
            programme: 'Erasmus+',
            deadlines: [{ at: '2026-09-17T15:00:00.000Z', stage: 1 }],
            nextDeadlineAt: '2026-09-17T15:00:00.000Z',
            daysLeft: 84,
            budget: { currency: 'EUR', total: 4_000_000 },
            score: 81,
            why: 'Matchar skola och ungdom: skolutveckling, lärare',
            sourceUrl: 'https://ec.europa.eu/info/funding-tenders/opportunities/portal/topic',
            apiUrl: `${TEST_PUBLIC_BASE_URL}/v1/calls/00000000-0000-4000-8000-000000000001`,
          },
        ],
        more: 0,
      },
      changed: { items: [], more: 0 },
      closingSoon: { items: [], more: 0 },
    },
    links: {
      allMatches: `${TEST_PUBLIC_BASE_URL}/v1/departments/education/matches`,
      unsubscribe: `${TEST_PUBLIC_BASE_URL}/v1/digests/unsubscribe/${token}`,
      preferences: `${TEST_PUBLIC_BASE_URL}/v1/digests/preferences/${token}`,
    },
  };
}

/**
 * A planned run with one pending email per recipient, inserted as the planner commits one:
 * run, emails and (with `followUp`) the send-digest job in one transaction.
 */
export async function insertDigestRun(
  db: Database,
  clock: Clock,
  input: {
    tenantId: string;
    departmentId: string;
    recipients: string[];
    period?: string;
    createdAt?: Date;
    followUp?: boolean;
  },
): Promise<{ runId: string; emailIds: Map<string, number> }> {
  const createdAt = input.createdAt ?? clock.now();
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(digestRuns)
      .values({
        tenantId: input.tenantId,
        departmentId: input.departmentId,
        kind: 'department',
        period: input.period ?? '2026-W26',
        dueAt: createdAt,
        createdAt,
      })
      .returning({ id: digestRuns.id });
    if (!run) throw new Error('no run inserted');
    const emails = await tx
      .insert(digestEmails)
      .values(
        input.recipients.map((recipient) => ({
          runId: run.id,
          recipient,
          language: 'sv',
          content: digestContentFor(recipient, createdAt),
          createdAt,
        })),
      )
      .returning({ id: digestEmails.id, recipient: digestEmails.recipient });
    if (input.followUp) {
      await recordFollowUp(tx, 'digests', 'send-digest', { runId: run.id }, createdAt);
    }
    return {
      runId: run.id,
      emailIds: new Map(emails.map((email) => [email.recipient, email.id])),
    };
  });
}

/** `n` recipient addresses on the test domain, numbered from 1. */
export function testRecipients(n: number, prefix = 'recipient'): string[] {
  return Array.from({ length: n }, (_, index) => `${prefix}-${index + 1}@lidingo.test`);
}

/**
 * What the sender runs with in a test: the production mailer from the configuration the
 * environment would give (SMTP_URL, or the outbox under DATA_DIR), links on the test host.
 */
export function senderDeps(
  db: Database,
  clock: Clock,
  env: Record<string, string>,
  jobs: () => JobQueue = () => {
    throw new Error('this test queues no jobs');
  },
): DigestDeps {
  const config = loadConfig({
    PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL,
    MAIL_FROM: TEST_MAIL_FROM,
    DATA_DIR: path.join(os.tmpdir(), `callradar-delivery-${process.pid}`),
    ...env,
  });
  return { db, clock, logger: silentLogger, jobs, ...digestSettings(config) };
}
