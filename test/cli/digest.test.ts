import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { departments } from '../../src/db/schema/index.js';
import { previewDigestContent } from '../../src/digests/content.js';
import { renderDigest } from '../../src/digests/render/index.js';
import { queryRows } from '../helpers/database.js';
import { seedTenantApi, type TenantApiFixture } from '../helpers/tenant-api.js';

const run = promisify(execFile);
const RECIPIENTS = ['rektor@lidingo.test', 'skolchef@lidingo.test'];
/** Signed links carry their expiry, which counts from each process's own clock. */
const withoutTokens = (text: string) =>
  text.replace(
    /\/v1\/digests\/(unsubscribe|preferences)\/[\w-]+\.[\w-]+/g,
    '/v1/digests/$1/<token>',
  );

interface Received {
  to: string[];
  messageId: string | undefined;
  subject: string | undefined;
}

/** A real SMTP server that takes every message and keeps what it was told. */
async function startCaptureServer(): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            messageId: mail.messageId,
            subject: mail.subject,
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Each case spawns the CLI (tsx compiles on each start): minutes on a busy machine.
describe('npm run cli -- digest preview|run', { timeout: 240_000 }, () => {
  let fixture: TenantApiFixture;
  let smtp: Awaited<ReturnType<typeof startCaptureServer>>;
  const lidingo = () => fixture.tenantIds.get('lidingo') as string;

  beforeAll(async () => {
    fixture = await seedTenantApi();
    await fixture.database.db
      .update(departments)
      .set({ recipients: RECIPIENTS })
      .where(and(eq(departments.tenantId, lidingo()), eq(departments.key, 'education')));
    smtp = await startCaptureServer();
  });

  afterAll(async () => {
    await smtp?.close();
    await fixture?.app.close();
    await fixture?.database.drop();
  });

  const cli = (...args: string[]) =>
    run('npx', ['tsx', 'src/cli/main.ts', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: fixture.database.url,
        LOG_LEVEL: 'silent',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'callradar <digest@callradar.test>',
        PUBLIC_BASE_URL: 'https://callradar.test',
      },
    });

  const expectedPreview = async (asOf: string) => {
    const config = loadConfig({ PUBLIC_BASE_URL: 'https://callradar.test' });
    return renderDigest(
      await previewDigestContent(
        {
          db: fixture.database.db,
          clock: fixture.clock,
          publicBaseUrl: config.api.publicBaseUrl,
          config: config.digests,
        },
        { tenantId: lidingo(), departmentKey: 'education', asOf },
      ),
    );
  };

  it('prints the text part (the subject on stderr), or the HTML with --html: what the route shows', async () => {
    const expected = await expectedPreview('2026-06-25');
    const text = await cli(
      'digest',
      'preview',
      '--tenant',
      'lidingo',
      '--department',
      'education',
      '--as-of',
      '2026-06-25',
    );
    expect(withoutTokens(text.stdout)).toBe(withoutTokens(expected.text));
    expect(text.stderr).toBe(`subject: ${expected.subject}\n`);
    const html = await cli(
      'digest',
      'preview',
      '--tenant',
      'lidingo',
      '--department',
      'education',
      '--as-of',
      '2026-06-25',
      '--html',
    );
    expect(withoutTokens(html.stdout)).toBe(withoutTokens(expected.html));
  });

  it('says what is wrong with a preview it cannot make', async () => {
    const failing = (...args: string[]) =>
      cli(...args).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    expect(await failing('digest', 'preview', '--tenant', 'lidingo')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'digest preview needs --tenant <slug> and --department <key>',
      ),
    });
    expect(
      await failing('digest', 'preview', '--tenant', 'nowhere', '--department', 'education'),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No tenant "nowhere"'),
    });
    expect(
      await failing('digest', 'run', '--tenant', 'lidingo', '--as-of', '30/06/2026'),
    ).toMatchObject({ code: 2 });
  });

  it('plans and sends what is due, once: a second run sends nothing more', async () => {
    const first = await cli(
      'digest',
      'run',
      '--tenant',
      'lidingo',
      '--as-of',
      '2026-06-30',
      '--json',
    );
    const summary = JSON.parse(first.stdout.trim().split('\n').pop() as string);
    const [stored] = await queryRows<{ emails: number; sent: number; runs: number }>(
      fixture.database.db,
      sql`select count(distinct r.id)::int as runs, count(e.id)::int as emails,
                 count(e.id) filter (where e.status = 'sent')::int as sent
          from digest_runs r join digest_emails e on e.run_id = r.id
          where r.tenant_id = ${lidingo()}`,
    );
    expect(summary).toMatchObject({
      tenant: 'lidingo',
      planned: { runs: stored?.runs, emails: stored?.emails },
      sent: stored?.sent,
      failed: 0,
      sendsLeft: 0,
    });
    expect(summary.planned.emails).toBeGreaterThan(0);
    // What the SMTP server got: one message per email row, each under its own Message-ID.
    expect(smtp.received).toHaveLength(summary.sent);
    expect(new Set(smtp.received.map((mail) => mail.messageId)).size).toBe(summary.sent);
    // Only the education department has recipients: each of them got exactly one.
    const education = smtp.received.filter((mail) => RECIPIENTS.includes(mail.to[0] as string));
    expect(education.map((mail) => mail.to[0]).sort()).toEqual([...RECIPIENTS].sort());

    const again = await cli('digest', 'run', '--tenant', 'lidingo', '--as-of', '2026-06-30');
    expect(again.stdout).toMatch(
      /^lidingo: 0 runs with 0 emails planned · 0 sent, 0 failed, 0 to retry\n$/,
    );
    expect(smtp.received).toHaveLength(summary.sent);
  });
});
