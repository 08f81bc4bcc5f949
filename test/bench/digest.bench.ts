/**
 * npm run bench:digest [-- --json] [--digests 5000] [--calls 20000] [--concurrency 4]
 *
 * Department digests rendered and handed to a local SMTP server. Seeds the bench:match data
 * set (tenants × 8 departments, their matches) into a fresh PostgreSQL database, gives every
 * department one recipient, plans the week's digests (one run per department, its email and
 * content, as the scheduler would on the Monday), then:
 * - baseline: renders every planned email (subject, HTML, text) without sending;
 * - the measured run: sends every run through the real sender (row locks, rendering, SMTP
 *   via nodemailer, marking sent) to smtp-server in a process of its own (smtp-sink.ts),
 *   `--concurrency` runs at a time, as that many worker slots would.
 * Prints digests/s, total seconds and this process's peak RSS, beside the render-only time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { digestEmails, digestRuns } from '../../src/db/schema/index.js';
import type { DigestDeps } from '../../src/digests/deps.js';
import { planDueDigests } from '../../src/digests/planner.js';
import { renderDigest } from '../../src/digests/render/index.js';
import { sendDigestRun } from '../../src/digests/sender.js';
import { digestSettings } from '../../src/digests/settings.js';
import type { JobQueue } from '../../src/jobs/contract.js';
import { createMatchingDeps, rematchTenants } from '../../src/matching/service.js';
import { createTestDatabase, ensureTemplate, queryRows } from '../helpers/database.js';
import { assertSharedFixtures } from '../helpers/shared.js';
import { silentLogger } from '../helpers/workers.js';
import { DEPARTMENTS_PER_TENANT, seedBenchDataset } from './dataset.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    digests: { type: 'string', default: '5000' },
    calls: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '4' },
  },
});
const digestTarget = Number(values.digests);
const concurrency = Number(values.concurrency);
const GOAL_SECONDS = 120;
const log = (message: string) => process.stderr.write(`${message}\n`);
const idleQueue: JobQueue = { enqueue: async () => undefined, close: async () => undefined };

assertSharedFixtures();
await ensureTemplate();
const database = await createTestDatabase();
const sink = await startSmtpSink();
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'callradar-bench-digest-'));
try {
  const tenants = Math.ceil(digestTarget / DEPARTMENTS_PER_TENANT);
  const started = Date.now();
  log(`seeding ${tenants} tenants, ${values.calls} calls…`);
  await seedBenchDataset(database.db, { tenants, calls: Number(values.calls) });
  const clock = mondayNoon();
  await rematchTenants(createMatchingDeps(database.db, silentLogger), { now: clock.now() });
  // One recipient per department (the data set has none), the target's worth of departments.
  await database.db.execute(sql`
    update departments d set recipients = array[d.key || '@' || t.slug || '.example.org']
    from tenants t where t.id = d.tenant_id`);
  await database.db.execute(sql`vacuum analyze`);
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const config = loadConfig({
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: 'https://callradar.example.org',
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAIL_FROM: 'callradar <digest@callradar.example.org>',
    // A local server: no provider's limit to keep to.
    SMTP_MESSAGES_PER_SECOND: '10000',
  });
  const deps: DigestDeps = {
    db: database.db,
    clock,
    logger: silentLogger,
    ...digestSettings(config),
    // The planner records each run's send-digest in job_outbox; no relay runs here, the
    // bench sends the runs itself, so nothing is ever enqueued.
    jobs: () => idleQueue,
  };

  const planStarted = performance.now();
  const planned = await planDueDigests(deps, {});
  const planSeconds = (performance.now() - planStarted) / 1000;
  const runIds = (
    await database.db
      .select({ id: digestRuns.id })
      .from(digestRuns)
      .where(eq(digestRuns.kind, 'department'))
      .orderBy(digestRuns.id)
  )
    .map((row) => row.id)
    .slice(0, digestTarget);
  log(`planned ${planned.runs} runs, ${planned.emails} emails in ${planSeconds.toFixed(1)} s`);

  const renderOnlySeconds = await renderAll(runIds);
  const sendStarted = performance.now();
  let next = 0;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < runIds.length) {
        const runId = runIds[next++] as string;
        // Awaited first: `sent += await …` would read `sent` before the await and lose the
        // other slots' counts.
        const result = await sendDigestRun(deps, runId);
        sent += result.sent;
      }
    }),
  );
  const seconds = (performance.now() - sendStarted) / 1000;
  deps.mailer.close();
  const received = await sink.stop();
  if (received.messages !== sent) {
    throw new Error(
      `the SMTP server received ${received.messages} messages, the sender sent ${sent}`,
    );
  }
  const [pending] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from digest_emails where status <> 'sent'`,
  );
  const report = {
    digests: sent,
    seconds: round(seconds),
    digestsPerSecond: round(sent / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    renderOnlySeconds: round(renderOnlySeconds),
  };
  console.log(
    `\ndigest benchmark: ${runIds.length} department digests (${tenants} tenants), ${concurrency} runs at a time, goal < ${GOAL_SECONDS} s`,
  );
  console.table({
    'render + SMTP (measured)': {
      digests: report.digests,
      seconds: report.seconds,
      'digests/s': report.digestsPerSecond,
    },
    'render only (baseline)': {
      digests: runIds.length,
      seconds: report.renderOnlySeconds,
      'digests/s': round(runIds.length / renderOnlySeconds),
    },
  });
  console.log(
    `planning ${round(planSeconds)} s; peak RSS ${report.peakRssMb} MB; SMTP received ${received.messages} messages (${Math.round(received.bytes / received.messages)} bytes each); not sent: ${pending?.n ?? 0}; ratio to render only ${(seconds / renderOnlySeconds).toFixed(1)}×`,
  );
  if (values.json) console.log(JSON.stringify(report));
} finally {
  await sink.stop().catch(() => undefined);
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}

/** The content of every planned email of these runs rendered, as the sender would. */
async function renderAll(runIds: string[]): Promise<number> {
  const started = performance.now();
  for (const runId of runIds) {
    const emails = await database.db
      .select({ content: digestEmails.content })
      .from(digestEmails)
      .where(eq(digestEmails.runId, runId));
    for (const email of emails) renderDigest(email.content);
  }
  return (performance.now() - started) / 1000;
}

/** The next Monday at 12:00 UTC: after every tenant's default 07:00 local send time. */
function mondayNoon(): Clock {
  const now = new Date();
  const daysAhead = (8 - now.getUTCDay()) % 7 || 7;
  const monday = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysAhead, 12),
  );
  return { now: () => new Date(monday) };
}

async function startSmtpSink() {
  const script = fileURLToPath(new URL('./smtp-sink.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const iterator = lines[Symbol.asyncIterator]();
  const first = String((await iterator.next()).value ?? '');
  const port = Number(first.split(' ')[1]);
  if (!port) throw new Error(`the SMTP sink did not start: ${first}`);
  let stopped: Promise<{ messages: number; bytes: number }> | null = null;
  return {
    port,
    stop() {
      stopped ??= (async () => {
        child.kill('SIGTERM');
        const last = String((await iterator.next()).value ?? '');
        if (child.exitCode === null) await once(child, 'exit');
        const [, messages, bytes] = last.split(' ');
        return { messages: Number(messages), bytes: Number(bytes) };
      })();
      return stopped;
    },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
