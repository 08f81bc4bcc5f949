import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { departments, digestSubscriptions } from '../../src/db/schema/index.js';
import { recipientLinks } from '../../src/digests/links.js';
import { buildTestApp } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { RECIPIENTS, seedDigestRecipients } from '../helpers/digest-recipients.js';

const START = new Date('2026-06-29T05:00:00Z');
const digests = loadConfig({}).digests;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const HOSTILE_NAME = 'Utbildning <script>alert(1)</script><img src=x onerror=alert(2)>';

describe('the preferences page', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(START);
  let ids: Awaited<ReturnType<typeof seedDigestRecipients>>;
  const [rektor] = RECIPIENTS['lidingo/education'];

  const preferencesPath = async (departmentId: string, email: string) =>
    new URL(
      (
        await recipientLinks(
          { db: database.db, clock, publicBaseUrl: 'https://callradar.test', config: digests },
          { departmentId, email },
        )
      ).preferences,
    ).pathname;
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
    await database.db.delete(digestSubscriptions);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("shows the recipient's choices in the department's language, under its own CSP", async () => {
    const response = await app.inject({
      method: 'GET',
      url: await preferencesPath(ids['lidingo/education'], rektor),
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="sv">');
    expect(response.body).toContain('value="weekly" checked');
    expect(response.body).toContain('value="sv" checked');
    expect(response.body).toContain('Varannan vecka');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect(await subscription(ids['lidingo/education'], rektor)).toBeNull();
  });

  it('saves weekly / fortnightly / off and the language, and answers in the language chosen', async () => {
    const url = await preferencesPath(ids['lidingo/education'], rektor);
    const saved = await app.inject({
      method: 'POST',
      url,
      headers: FORM,
      payload: 'frequency=fortnightly&language=nb',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('<html lang="nb">');
    expect(saved.body).toContain('Innstillingene dine er lagret.');
    expect(saved.body).toContain('value="fortnightly" checked');
    expect(await subscription(ids['lidingo/education'], rektor)).toMatchObject({
      frequency: 'fortnightly',
      language: 'nb',
    });
    // Choosing the department's own language stores no choice: it follows the department.
    await app.inject({ method: 'POST', url, headers: FORM, payload: 'frequency=off&language=sv' });
    expect(await subscription(ids['lidingo/education'], rektor)).toMatchObject({
      frequency: 'off',
      language: null,
    });
  });

  it('answers a form it cannot read with a page (the error shape without Accept: text/html), and stores nothing', async () => {
    const url = await preferencesPath(ids['lidingo/education'], rektor);
    for (const payload of ['frequency=daily', 'language=sv', 'frequency=weekly&language=de']) {
      const page = await app.inject({
        method: 'POST',
        url,
        headers: { ...FORM, accept: 'text/html' },
        payload,
      });
      expect(page.statusCode, payload).toBe(400);
      expect(page.body).toContain('Formuläret kunde inte läsas');
      const response = await app.inject({ method: 'POST', url, headers: FORM, payload });
      expect(response.statusCode, payload).toBe(400);
      expect(response.json()).toMatchObject({
        statusCode: 400,
        message: 'the form could not be read',
      });
    }
    expect(await subscription(ids['lidingo/education'], rektor)).toBeNull();
  });

  it("refuses an unsubscribe token, and a tampered one, in the browser's language", async () => {
    const unsubscribe = new URL(
      (
        await recipientLinks(
          { db: database.db, clock, publicBaseUrl: 'https://callradar.test', config: digests },
          { departmentId: ids['lidingo/education'], email: rektor },
        )
      ).unsubscribe,
    ).pathname;
    const response = await app.inject({
      method: 'GET',
      url: unsubscribe.replace('/unsubscribe/', '/preferences/'),
      headers: { accept: 'text/html', 'accept-language': 'nb-NO,nb;q=0.9,en;q=0.5' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Lenken er ikke gyldig');
  });

  it('escapes what the profile says (a department name with markup)', async () => {
    await database.db
      .update(departments)
      .set({ name: HOSTILE_NAME })
      .where(eq(departments.id, ids['lidingo/education']));
    try {
      const response = await app.inject({
        method: 'GET',
        url: await preferencesPath(ids['lidingo/education'], rektor),
      });
      expect(response.body).not.toContain('<script>');
      expect(response.body).not.toContain('<img');
      expect(response.body).toContain(
        'Utbildning &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;',
      );
    } finally {
      await database.db
        .update(departments)
        .set({ name: 'Utbildningsförvaltningen' })
        .where(eq(departments.id, ids['lidingo/education']));
    }
  });

  describe('in a real browser (Debian chromium)', () => {
    let browser: Browser;
    let origin: string;

    beforeAll(async () => {
      origin = await app.listen({ host: '127.0.0.1', port: 0 });
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('styles the page within its CSP and saves through the form', async () => {
      const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(
        `${origin}${await preferencesPath(ids['fredrikstad/education'], 'oppvekst@fredrikstad.test')}`,
      );
      expect(await page.locator('h1').textContent()).toBe('Innstillinger for sammendraget');
      // The inline stylesheet applied: its hash is the one the policy allows.
      const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      expect(background).toBe('rgb(244, 245, 247)');
      await page.getByLabel('Annenhver uke').check();
      await page.getByLabel('English').check();
      await Promise.all([page.waitForURL(/preferences/), page.getByRole('button').click()]);
      await page.waitForSelector('p.notice');
      expect(await page.locator('p.notice').textContent()).toBe('Your preferences are saved.');
      expect(violations).toEqual([]);
      expect(
        await subscription(ids['fredrikstad/education'], 'oppvekst@fredrikstad.test'),
      ).toMatchObject({
        frequency: 'fortnightly',
        language: 'en',
      });
      await page.close();
    });
  });
});
