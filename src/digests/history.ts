import { and, desc, eq, inArray, lt, or } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { departments, digestEmails, digestRuns } from '../db/schema/index.js';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  ISO_TIMESTAMP_PATTERN,
  UUID_PATTERN,
} from '../http/keyset-cursor.js';
import type { DigestListQuery, DigestRun } from './schemas.js';

/**
 * A tenant's digest runs, newest first, each with every recipient's delivery state (what
 * GET /v1/digests shows: a permanent SMTP failure is visible here with its error).
 */
export async function listDigestRuns(
  db: Database,
  tenantId: string,
  query: DigestListQuery,
): Promise<{ items: DigestRun[]; nextCursor: string | null }> {
  const after = query.cursor
    ? decodeKeysetCursor(query.cursor, [ISO_TIMESTAMP_PATTERN, UUID_PATTERN])
    : undefined;
  const position = after
    ? { createdAt: new Date(after[0] as string), id: after[1] as string }
    : undefined;
  const rows = await db
    .select({
      id: digestRuns.id,
      kind: digestRuns.kind,
      departmentKey: departments.key,
      departmentName: departments.name,
      period: digestRuns.period,
      dueAt: digestRuns.dueAt,
      createdAt: digestRuns.createdAt,
      finishedAt: digestRuns.finishedAt,
    })
    .from(digestRuns)
    .leftJoin(departments, eq(departments.id, digestRuns.departmentId))
    .where(
      and(
        eq(digestRuns.tenantId, tenantId),
        query.department === undefined ? undefined : eq(departments.key, query.department),
        position
          ? or(
              lt(digestRuns.createdAt, position.createdAt),
              and(eq(digestRuns.createdAt, position.createdAt), lt(digestRuns.id, position.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(digestRuns.createdAt), desc(digestRuns.id))
    .limit(query.limit + 1);
  const runs = rows.slice(0, query.limit);
  const emails = runs.length
    ? await db
        .select()
        .from(digestEmails)
        .where(
          inArray(
            digestEmails.runId,
            runs.map((run) => run.id),
          ),
        )
        .orderBy(digestEmails.id)
    : [];
  const emailsOfRun = new Map<string, typeof emails>();
  for (const email of emails) {
    const own = emailsOfRun.get(email.runId);
    if (own) own.push(email);
    else emailsOfRun.set(email.runId, [email]);
  }
  const items = runs.map((run): DigestRun => {
    const own = emailsOfRun.get(run.id) ?? [];
    const count = (status: string) => own.filter((email) => email.status === status).length;
    return {
      id: run.id,
      kind: run.kind,
      department:
        run.departmentKey !== null && run.departmentName !== null
          ? { key: run.departmentKey, name: run.departmentName }
          : null,
      period: run.period,
      dueAt: run.dueAt.toISOString(),
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      counts: { pending: count('pending'), sent: count('sent'), failed: count('failed') },
      emails: own.map((email) => ({
        id: email.id,
        recipient: email.recipient,
        language: email.language,
        status: email.status,
        attempts: email.attempts,
        lastError: email.lastError,
        smtpResponse: email.smtpResponse,
        sentAt: email.sentAt?.toISOString() ?? null,
      })),
    };
  });
  const last = runs[runs.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encodeKeysetCursor([last.createdAt.toISOString(), last.id])
      : null;
  return { items, nextCursor };
}
