import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openPostgres } from '../../src/db/client.js';
import {
  LinkRefused,
  recipientLinks,
  signRecipientToken,
  verifyRecipientToken,
} from '../../src/digests/links.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { RECIPIENTS, seedDigestRecipients } from '../helpers/digest-recipients.js';

const DAY_MS = 86_400_000;
const START = new Date('2026-06-29T05:00:00Z');
const config = loadConfig({ MAIL_FROM: 'Callradar <digest@lidingo.test>' }).digests;

/** The token at the end of a link's path. */
const tokenOf = (link: string) => new URL(link).pathname.split('/').pop() as string;

async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(LinkRefused);
  return (error as LinkRefused).reason;
}

describe('signed recipient links', () => {
  let database: TestDatabase;
  let other: TestDatabase;
  const clock = new ManualClock(START);
  let education: string;
  let norwegian: string;
  const deps = () => ({
    db: database.db,
    clock,
    publicBaseUrl: 'https://radar.lidingo.test/',
    config,
  });
  const [rektor, chef] = RECIPIENTS['lidingo/education'];

  beforeAll(async () => {
    [database, other] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const ids = await seedDigestRecipients(database.db, clock);
    education = ids['lidingo/education'];
    norwegian = ids['fredrikstad/education'];
    await seedDigestRecipients(other.db, clock);
  });

  afterAll(async () => {
    await database?.drop();
    await other?.drop();
  });

  it('gives https links on the public base URL and a mailto to MAIL_FROM, without the address in them', async () => {
    const links = await recipientLinks(deps(), { departmentId: education, email: rektor });
    expect(links.unsubscribe).toMatch(
      /^https:\/\/radar\.lidingo\.test\/v1\/digests\/unsubscribe\/[\w-]+\.[\w-]+$/,
    );
    expect(links.preferences).toMatch(
      /^https:\/\/radar\.lidingo\.test\/v1\/digests\/preferences\/[\w-]+\.[\w-]+$/,
    );
    expect(links.unsubscribeMailto).toMatch(/^mailto:digest@lidingo\.test\?subject=unsubscribe%20/);
    for (const link of Object.values(links)) {
      expect(decodeURIComponent(link)).not.toContain('rektor');
    }
  });

  it('names its recipient and department for its own purpose only', async () => {
    const links = await recipientLinks(deps(), { departmentId: education, email: chef });
    const unsubscribe = await verifyRecipientToken(
      deps(),
      tokenOf(links.unsubscribe),
      'unsubscribe',
    );
    expect(unsubscribe).toMatchObject({
      departmentId: education,
      email: chef,
      purpose: 'unsubscribe',
    });
    expect(unsubscribe.expiresAt.getTime()).toBe(
      Math.floor((START.getTime() + config.linkValidityDays * DAY_MS) / 1000) * 1000,
    );
    const preferences = await verifyRecipientToken(
      deps(),
      tokenOf(links.preferences),
      'preferences',
    );
    expect(preferences).toMatchObject({ departmentId: education, email: chef });
    expect(
      await refusal(verifyRecipientToken(deps(), tokenOf(links.unsubscribe), 'preferences')),
    ).toBe('invalid');
    expect(
      await refusal(verifyRecipientToken(deps(), tokenOf(links.preferences), 'unsubscribe')),
    ).toBe('invalid');
  });

  it('refuses a token with any character of its payload or signature changed', async () => {
    const token = tokenOf(
      (await recipientLinks(deps(), { departmentId: education, email: rektor })).unsubscribe,
    );
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const [payload, signature] = token.split('.') as [string, string];
    const tampered = [
      `${flip(payload, 3)}.${signature}`,
      `${flip(payload, payload.length - 2)}.${signature}`,
      `${payload}.${flip(signature, 0)}`,
      `${payload}.${signature.slice(0, -2)}`,
      payload,
      `${payload}.${signature}.${signature}`,
      'not-a-token',
      '',
    ];
    for (const candidate of tampered) {
      expect(await refusal(verifyRecipientToken(deps(), candidate, 'unsubscribe')), candidate).toBe(
        'invalid',
      );
    }
  });

  it('refuses a payload changed to another department, purpose or expiry under its old signature', async () => {
    const token = tokenOf(
      (await recipientLinks(deps(), { departmentId: education, email: rektor })).unsubscribe,
    );
    const [payload, signature] = token.split('.') as [string, string];
    const forged = (change: (bytes: Buffer) => void) => {
      const bytes = Buffer.from(payload, 'base64url');
      change(bytes);
      return `${bytes.toString('base64url')}.${signature}`;
    };
    const candidates = [
      forged((bytes) => Buffer.from(norwegian.replaceAll('-', ''), 'hex').copy(bytes, 1)),
      forged((bytes) => bytes.writeUInt8(2, 0)),
      forged((bytes) => bytes.writeUInt32BE(bytes.readUInt32BE(29) + 86_400 * 365, 29)),
    ];
    for (const candidate of candidates) {
      expect(await refusal(verifyRecipientToken(deps(), candidate, 'unsubscribe'))).toBe('invalid');
    }
    expect(
      await refusal(verifyRecipientToken(deps(), candidates[1] as string, 'preferences')),
    ).toBe('invalid');
  });

  it('refuses a token once it has expired, and takes it until then', async () => {
    const token = tokenOf(
      (await recipientLinks(deps(), { departmentId: education, email: rektor })).preferences,
    );
    const lastDay = new ManualClock(
      new Date(START.getTime() + config.linkValidityDays * DAY_MS - 60_000),
    );
    await expect(
      verifyRecipientToken({ ...deps(), clock: lastDay }, token, 'preferences'),
    ).resolves.toMatchObject({ email: rektor });
    const after = new ManualClock(
      new Date(START.getTime() + config.linkValidityDays * DAY_MS + 1_000),
    );
    expect(
      await refusal(verifyRecipientToken({ ...deps(), clock: after }, token, 'preferences')),
    ).toBe('expired');
  });

  it('refuses a token signed for someone else: another service, a recipient taken off the list', async () => {
    const token = tokenOf(
      (await recipientLinks(deps(), { departmentId: education, email: rektor })).unsubscribe,
    );
    // The other database made its own key: the same department and address do not verify there.
    expect(
      await refusal(verifyRecipientToken({ ...deps(), db: other.db }, token, 'unsubscribe')),
    ).toBe('invalid');
    const stranger = await signRecipientToken(deps(), {
      departmentId: education,
      email: 'someone@else.test',
      purpose: 'unsubscribe',
      expiresAt: new Date(START.getTime() + DAY_MS),
    });
    expect(await refusal(verifyRecipientToken(deps(), stranger, 'unsubscribe'))).toBe('invalid');
  });

  it('makes one signing key per database however many processes race for it', async () => {
    const fresh = await createTestDatabase();
    // Separate pools stand for separate processes: each has its own cache of the key.
    const handles = [openPostgres(fresh.url), openPostgres(fresh.url), openPostgres(fresh.url)];
    try {
      const departmentId = (await seedDigestRecipients(fresh.db, clock))['lidingo/education'];
      const tokens = await Promise.all(
        handles.map(async (handle) =>
          tokenOf(
            (await recipientLinks({ ...deps(), db: handle.db }, { departmentId, email: rektor }))
              .unsubscribe,
          ),
        ),
      );
      const keys = await queryRows<{ n: number }>(
        fresh.db,
        sql`select count(*)::int as n from service_secrets`,
      );
      expect(keys[0]?.n).toBe(1);
      // Made in one process, honoured in every other.
      for (const token of tokens) {
        for (const handle of handles) {
          await expect(
            verifyRecipientToken({ ...deps(), db: handle.db }, token, 'unsubscribe'),
          ).resolves.toMatchObject({ departmentId });
        }
      }
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await fresh.drop();
    }
  });
});
