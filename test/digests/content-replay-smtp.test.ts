import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DigestContent } from '../../src/digests/content-types.js';
import { planDueDigests } from '../../src/digests/planner.js';
import { sendDigestRun } from '../../src/digests/sender.js';
import { digestSettings } from '../../src/digests/settings.js';
import { queryRows } from '../helpers/database.js';
import { type PlanningFixture, seedPlanning } from '../helpers/digest-planning.js';

/**
 * The replayed weeks end to end: planned, rendered and handed to a real SMTP server, then
 * read back with mailparser. What each mail says is what its planned content says (the
 * content itself is checked against the stored rows in content-replay.test.ts), in the
 * department's language. Needs the renderer, mailer and sender of the other parts of
 * issue 9: on the planning branch alone their placeholders throw.
 */
describe('the replayed digests as mail (Lidingö in Swedish, Fredrikstad in Norwegian)', () => {
  let fixture: PlanningFixture;
  let server: SMTPServer;
  const received: ParsedMail[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    fixture = await seedPlanning();
    fixture.deps = {
      ...fixture.deps,
      ...digestSettings(
        loadConfig({
          PUBLIC_BASE_URL: 'https://callradar.test',
          SMTP_URL: `smtp://127.0.0.1:${port}`,
          MAIL_FROM: 'callradar <digest@callradar.test>',
        }),
      ),
    };
  }, 240_000);

  afterAll(async () => {
    fixture?.deps.mailer.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await fixture?.database.drop();
  });

  const sendAll = async (period: string) => {
    const runs = await queryRows<{ id: string }>(
      fixture.database.db,
      sql`select id from digest_runs where period = ${period} order by id`,
    );
    for (const run of runs) await sendDigestRun(fixture.deps, run.id);
  };

  it.each([
    ['2026-06-25', '2026-W26'],
    ['2026-07-02', '2026-W27'],
  ])(
    'on %s every planned email arrives once, saying what was planned',
    async (day, period) => {
      received.length = 0;
      await fixture.replayDay(day);
      await planDueDigests(fixture.deps, {});
      await sendAll(period);
      const planned = await queryRows<{ id: number; recipient: string; content: DigestContent }>(
        fixture.database.db,
        sql`select e.id, e.recipient, e.content from digest_emails e
        join digest_runs r on r.id = e.run_id
        where r.period = ${period} and r.kind = 'department' order by e.id`,
      );
      expect(planned.length).toBeGreaterThan(0);
      for (const email of planned) {
        const mails = received.filter(
          (mail) => mail.messageId === `<digest-email-${email.id}@callradar.test>`,
        );
        expect(mails).toHaveLength(1);
        const [mail] = mails;
        // A text part written for text may wrap long lines: compare with whitespace folded.
        const fold = (value: string) => value.replace(/\s+/g, ' ');
        const text = fold(mail?.text ?? '');
        const { sections } = email.content;
        for (const item of [
          ...sections.new.items,
          ...sections.changed.items,
          ...sections.closingSoon.items,
        ])
          expect(text).toContain(fold(item.title));
        // The header lines as sent (unfolded): mailparser folds List-* headers into one `list`
        // object.
        const line = (key: string) =>
          (mail?.headerLines.find((header) => header.key === key)?.line ?? '').replace(
            /\r?\n[ \t]+/g,
            ' ',
          );
        expect(line('list-unsubscribe-post')).toBe(
          'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
        );
        expect(line('list-unsubscribe')).toMatch(/^List-Unsubscribe: <https:\/\/[^>]+>, <mailto:/);
      }
      // Lidingö's education digest in Swedish, Fredrikstad's in Norwegian.
      const education = planned.find((email) => email.recipient === 'education-a@lidingo.example');
      const oppvekst = planned.find(
        (email) => email.recipient === 'education-a@fredrikstad.example',
      );
      expect(education?.content.language).toBe('sv');
      expect(oppvekst?.content.language).toBe('nb');
    },
    240_000,
  );
});
