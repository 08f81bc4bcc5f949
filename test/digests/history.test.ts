import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestEmails, digestRuns } from '../../src/db/schema/index.js';
import type { DigestContent } from '../../src/digests/content-types.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { RECIPIENTS, seedDigestRecipients } from '../helpers/digest-recipients.js';

const START = new Date('2026-06-01T05:00:00Z');
const WEEK_MS = 7 * 86_400_000;

/** Enough of a stored content for the list, which never reads it. */
function contentFor(label: string): DigestContent {
  return {
    kind: 'department',
    language: 'sv',
    timeZone: 'Europe/Stockholm',
    tenant: { slug: 'lidingo', name: 'Lidingö stad' },
    department: { key: 'education', name: 'Utbildningsförvaltningen' },
    period: { from: START.toISOString(), to: START.toISOString(), label },
    generatedAt: START.toISOString(),
    sections: {
      new: { items: [], more: 0 },
      changed: { items: [], more: 0 },
      closingSoon: { items: [], more: 0 },
    },
    links: {
      allMatches: 'https://callradar.test',
      unsubscribe: 'https://callradar.test',
      preferences: 'https://callradar.test',
    },
  };
}

interface ListedRun {
  id: string;
  kind: string;
  department: { key: string; name: string } | null;
  period: string;
  finishedAt: string | null;
  counts: { pending: number; sent: number; failed: number };
  emails: Array<{
    recipient: string;
    status: string;
    attempts: number;
    lastError: string | null;
    smtpResponse: string | null;
    sentAt: string | null;
  }>;
}

describe('GET /v1/digests', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(START);
  let reader: { authorization: string };
  let norwegianReader: { authorization: string };
  let admin: { authorization: string };
  /** Lidingö's runs as inserted, newest first: what the list must give back. */
  const lidingoRuns: Array<{ id: string; period: string }> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const ids = await seedDigestRecipients(database.db, clock);
    const [rektor, chef] = RECIPIENTS['lidingo/education'];
    const tenantOf = async (departmentId: string) =>
      (
        await database.db.query.departments.findFirst({
          where: (d, { eq }) => eq(d.id, departmentId),
        })
      )?.tenantId as string;
    const lidingo = await tenantOf(ids['lidingo/education']);
    const fredrikstad = await tenantOf(ids['fredrikstad/education']);
    // Five weeks of Lidingö's education digest: two recipients, the last week with one
    // permanent failure and one still pending; and the coordinator overview of the last week.
    for (let week = 0; week < 5; week += 1) {
      const createdAt = new Date(START.getTime() + week * WEEK_MS);
      const period = `2026-W${23 + week}`;
      const last = week === 4;
      const [run] = await database.db
        .insert(digestRuns)
        .values({
          tenantId: lidingo,
          departmentId: ids['lidingo/education'],
          kind: 'department',
          period,
          dueAt: createdAt,
          createdAt,
          finishedAt: last ? null : createdAt,
        })
        .returning({ id: digestRuns.id });
      await database.db.insert(digestEmails).values([
        {
          runId: run?.id as string,
          recipient: rektor,
          language: 'sv',
          content: contentFor(period),
          status: 'sent',
          attempts: 1,
          smtpResponse: '250 2.0.0 Ok: queued',
          createdAt,
          sentAt: createdAt,
        },
        last
          ? {
              runId: run?.id as string,
              recipient: chef,
              language: 'sv',
              content: contentFor(period),
              status: 'failed',
              attempts: 1,
              lastError: '550 5.1.1 mailbox unavailable',
              createdAt,
            }
          : {
              runId: run?.id as string,
              recipient: chef,
              language: 'sv',
              content: contentFor(period),
              status: 'sent',
              attempts: 2,
              lastError: '451 4.3.0 try again later',
              smtpResponse: '250 ok',
              createdAt,
              sentAt: createdAt,
            },
      ]);
      lidingoRuns.unshift({ id: run?.id as string, period });
    }
    const overviewAt = new Date(START.getTime() + 4 * WEEK_MS + 60_000);
    const [overview] = await database.db
      .insert(digestRuns)
      .values({
        tenantId: lidingo,
        departmentId: null,
        kind: 'overview',
        period: '2026-W27',
        dueAt: overviewAt,
        createdAt: overviewAt,
      })
      .returning({ id: digestRuns.id });
    await database.db.insert(digestEmails).values({
      runId: overview?.id as string,
      recipient: 'samordnare@lidingo.test',
      language: 'sv',
      content: contentFor('2026-W27'),
      createdAt: overviewAt,
    });
    lidingoRuns.unshift({ id: overview?.id as string, period: '2026-W27' });
    // Another tenant's run, which Lidingö's keys must never see.
    await database.db.insert(digestRuns).values({
      tenantId: fredrikstad,
      departmentId: ids['fredrikstad/education'],
      kind: 'department',
      period: '2026-W27',
      dueAt: overviewAt,
      createdAt: overviewAt,
    });

    app = await buildTestApp({ db: database.db, clock });
    reader = (await testKey(database.db, clock, 'reader', 'lidingo')).headers;
    norwegianReader = (await testKey(database.db, clock, 'reader', 'fredrikstad')).headers;
    admin = (await testKey(database.db, clock, 'admin')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const list = async (url: string, headers = reader) => {
    const response = await app.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, body: response.json() };
  };

  it("lists the tenant's runs newest first with each recipient's delivery state", async () => {
    const { status, body } = await list('/v1/digests');
    expect(status).toBe(200);
    const items = body.items as ListedRun[];
    expect(items.map((run) => run.id)).toEqual(lidingoRuns.map((run) => run.id));
    expect(body.nextCursor).toBeNull();
    const [overview, lastWeek] = items;
    expect(overview).toMatchObject({
      kind: 'overview',
      department: null,
      finishedAt: null,
      counts: { pending: 1, sent: 0, failed: 0 },
    });
    expect(lastWeek).toMatchObject({
      kind: 'department',
      department: { key: 'education', name: 'Utbildningsförvaltningen' },
      period: '2026-W27',
      finishedAt: null,
      counts: { pending: 0, sent: 1, failed: 1 },
    });
    // The permanent failure is visible with its SMTP error.
    expect(lastWeek?.emails).toEqual([
      expect.objectContaining({
        recipient: RECIPIENTS['lidingo/education'][0],
        status: 'sent',
        smtpResponse: '250 2.0.0 Ok: queued',
        lastError: null,
      }),
      expect.objectContaining({
        recipient: RECIPIENTS['lidingo/education'][1],
        status: 'failed',
        attempts: 1,
        lastError: '550 5.1.1 mailbox unavailable',
        sentAt: null,
      }),
    ]);
  });

  it('pages through every run exactly once with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await list(
        `/v1/digests?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(body.items as ListedRun[]).map((run) => run.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(lidingoRuns.map((run) => run.id));
    expect(pages).toBe(Math.ceil(lidingoRuns.length / 2));
  });

  it('filters by department, and keeps every tenant to its own', async () => {
    const education = await list('/v1/digests?department=education');
    expect((education.body.items as ListedRun[]).map((run) => run.period)).toEqual(
      lidingoRuns.filter((run) => run.id !== lidingoRuns[0]?.id).map((run) => run.period),
    );
    const norwegian = await list('/v1/digests', norwegianReader);
    expect(norwegian.body.items).toHaveLength(1);
    const named = await list('/v1/digests', { ...admin, 'x-tenant': 'lidingo' } as never);
    expect(named.body.items).toHaveLength(lidingoRuns.length);
  });

  it('refuses a bad cursor and a request without a key in the error shape', async () => {
    const bad = await list('/v1/digests?cursor=bm90LWEtY3Vyc29y');
    expect(bad).toMatchObject({
      status: 400,
      body: { statusCode: 400, message: expect.stringContaining('cursor is not valid') },
    });
    const anonymous = await app.inject({ method: 'GET', url: '/v1/digests' });
    expect(anonymous.statusCode).toBe(401);
  });
});
