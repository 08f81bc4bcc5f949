import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { departments, digestSubscriptions } from '../../src/db/schema/index.js';
import { recipientLinks } from '../../src/digests/links.js';
import { buildTestApp } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { RECIPIENTS, seedDigestRecipients } from '../helpers/digest-recipients.js';

const DAY_MS = 86_400_000;
const START = new Date('2026-06-29T05:00:00Z');
const digests = loadConfig({}).digests;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('one-click unsubscribe (RFC 8058)', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(START);
  let ids: Awaited<ReturnType<typeof seedDigestRecipients>>;
  const [rektor, chef] = RECIPIENTS['lidingo/education'];

  const linksFor = (departmentId: string, email: string) =>
    recipientLinks(
      { db: database.db, clock, publicBaseUrl: 'https://callradar.test', config: digests },
      { departmentId, email },
    );
  const pathOf = (link: string) => new URL(link).pathname;
  const subscription = async (departmentId: string, email: string) => {
    const [row] = await database.db
      .select()
      .from(digestSubscriptions)
      .where(
        and(
          eq(digestSubscriptions.departmentId, departmentId),
          eq(digestSubscriptions.email, email),
        ),
      );
    return row ?? null;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    ids = await seedDigestRecipients(database.db, clock);
    app = await buildTestApp({ db: database.db, clock });
  });

  beforeEach(async () => {
    clock.set(START);
    await database.db.delete(digestSubscriptions);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('unsubscribes on the POST a mail client sends, and again changes nothing more', async () => {
    const url = pathOf((await linksFor(ids['lidingo/education'], rektor)).unsubscribe);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: FORM,
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(
        'får inte längre sammanfattningen för Utbildningsförvaltningen',
      );
    }
    expect(await subscription(ids['lidingo/education'], rektor)).toMatchObject({
      frequency: 'off',
      updatedAt: START,
    });
    // Only that recipient of that department.
    expect(await subscription(ids['lidingo/education'], chef)).toBeNull();
  });

  it('takes the one-click body as multipart/form-data too', async () => {
    const url = pathOf(
      (await linksFor(ids['fredrikstad/education'], 'oppvekst@fredrikstad.test')).unsubscribe,
    );
    const boundary = '----callradar-test';
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('lang="nb"');
    expect(
      await subscription(ids['fredrikstad/education'], 'oppvekst@fredrikstad.test'),
    ).toMatchObject({ frequency: 'off' });
  });

  it('only asks on a GET of the same link (link scanners follow GETs)', async () => {
    const url = pathOf((await linksFor(ids['lidingo/education'], rektor)).unsubscribe);
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('<form method="post">');
    expect(response.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(response.body).toContain(rektor);
    expect(await subscription(ids['lidingo/education'], rektor)).toBeNull();
  });

  it('refuses a tampered, expired or other-purpose token and changes nothing', async () => {
    const links = await linksFor(ids['lidingo/education'], rektor);
    const url = pathOf(links.unsubscribe);
    const tampered = url.replace(/.(?=\.)/, (last) => (last === 'A' ? 'B' : 'A'));
    const refused = async (target: string, expected: number) => {
      for (const method of ['GET', 'POST'] as const) {
        // A mail client's POST (no Accept) gets the API's error shape...
        const response = await app.inject({
          method,
          url: target,
          headers: FORM,
          payload: 'List-Unsubscribe=One-Click',
        });
        expect(response.statusCode, `${method} ${target}`).toBe(expected);
        expect(response.json()).toMatchObject({
          statusCode: expected,
          requestId: response.headers['x-request-id'],
        });
        // ...a browser a page.
        const page = await app.inject({
          method,
          url: target,
          headers: { ...FORM, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
          payload: 'List-Unsubscribe=One-Click',
        });
        expect(page.statusCode).toBe(expected);
        expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(page.body).toContain(
          expected === 410 ? 'This link has expired' : 'This link is not valid',
        );
      }
    };
    await refused(tampered, 404);
    await refused(url.replace('/unsubscribe/', '/unsubscribe/x'), 404);
    await refused(pathOf(links.preferences).replace('/preferences/', '/unsubscribe/'), 404);
    clock.set(new Date(START.getTime() + (digests.linkValidityDays + 1) * DAY_MS));
    await refused(url, 410);
    expect(await subscription(ids['lidingo/education'], rektor)).toBeNull();
  });

  it('wants the one-click pair in the body: anything else is a 400 in the error shape', async () => {
    const url = pathOf((await linksFor(ids['lidingo/education'], rektor)).unsubscribe);
    for (const payload of ['', 'List-Unsubscribe=Yes', 'unsubscribe=One-Click']) {
      const response = await app.inject({ method: 'POST', url, headers: FORM, payload });
      expect(response.statusCode, payload).toBe(400);
      expect(response.json()).toMatchObject({ statusCode: 400, requestId: expect.any(String) });
    }
    expect(await subscription(ids['lidingo/education'], rektor)).toBeNull();
  });

  it('answers a link whose department is gone as not valid', async () => {
    const fresh = await createTestDatabase();
    try {
      const freshIds = await seedDigestRecipients(fresh.db, clock);
      const links = await recipientLinks(
        { db: fresh.db, clock, publicBaseUrl: 'https://callradar.test', config: digests },
        { departmentId: freshIds['lidingo/education'], email: rektor },
      );
      await fresh.db.delete(departments).where(eq(departments.id, freshIds['lidingo/education']));
      const freshApp = await buildTestApp({ db: fresh.db, clock });
      try {
        const response = await freshApp.inject({ method: 'GET', url: pathOf(links.unsubscribe) });
        expect(response.statusCode).toBe(404);
      } finally {
        await freshApp.close();
      }
    } finally {
      await fresh.drop();
    }
  });
});
