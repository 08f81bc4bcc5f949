import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { BullmqJobQueue, startBullmqWorkers } from '../../src/jobs/bullmq.js';
import type { JobPayload, Processors, SchedulerDefinition } from '../../src/jobs/contract.js';
import { InProcessRunner } from '../../src/jobs/in-process.js';
import { redisUrl } from '../helpers/database.js';
import { silentLogger } from '../helpers/workers.js';

type PollPayload = JobPayload<'sources', 'poll-source'>;

function recordingProcessors(behaviour: (payload: PollPayload, attempt: number) => Promise<void>) {
  const calls: Array<{ payload: PollPayload; attempt: number }> = [];
  const processors: Processors = {
    sources: {
      'poll-source': async (payload, context) => {
        calls.push({ payload, attempt: context.attempt });
        await behaviour(payload, context.attempt);
      },
      'advance-statuses': async () => {},
      'reconcile-schedulers': async () => {},
    },
    matching: {
      'rematch-tenant': async () => {},
      'rematch-tenants': async () => {},
      'rematch-calls': async () => {},
      'rematch-all': async () => {},
    },
    digests: {
      'plan-digests': async () => {},
      'send-digest': async () => {},
      'recover-digests': async () => {},
    },
  };
  return { processors, calls };
}

describe('the in-process runner (embedded default)', () => {
  it('runs jobs through the shared processors and ignores a duplicate job id while pending', async () => {
    const { processors, calls } = recordingProcessors(async () => {});
    const runner = new InProcessRunner(processors, silentLogger, systemClock);
    await runner.enqueue(
      'sources',
      'poll-source',
      { sourceId: 'a', trigger: 'manual' },
      { jobId: 'one' },
    );
    await runner.enqueue(
      'sources',
      'poll-source',
      { sourceId: 'b', trigger: 'manual' },
      { jobId: 'two' },
    );
    await runner.enqueue(
      'sources',
      'poll-source',
      { sourceId: 'b', trigger: 'manual' },
      { jobId: 'two' },
    );
    await runner.idle();
    expect(calls.map((call) => call.payload.sourceId)).toEqual(['a', 'b']);
    await runner.close();
  });

  it('does not retry a payload that breaks the contract, or an UnrecoverableError', async () => {
    const { processors, calls } = recordingProcessors(async () => {
      throw new UnrecoverableError('source gone');
    });
    const runner = new InProcessRunner(processors, silentLogger, systemClock);
    await runner.enqueue('sources', 'poll-source', { sourceId: '', trigger: 'manual' });
    await runner.enqueue('sources', 'poll-source', { sourceId: 'gone', trigger: 'manual' });
    await runner.idle();
    expect(calls.map((call) => [call.payload.sourceId, call.attempt])).toEqual([['gone', 1]]);
    await runner.close();
  });
});

describe('BullMQ on the real Redis', () => {
  const prefix = `callradar-test-${randomUUID()}`;
  const queue = new BullmqJobQueue(redisUrl, prefix);

  afterAll(async () => {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    await new Queue('sources', { connection, prefix }).obliterate({ force: true });
    await connection.quit();
    await queue.close();
  });

  it('delivers a job to a worker with the validated payload', async () => {
    let resolveDone: (payload: PollPayload) => void = () => {};
    const done = new Promise<PollPayload>((resolve) => {
      resolveDone = resolve;
    });
    const { processors } = recordingProcessors(async (payload) => resolveDone(payload));
    const workers = startBullmqWorkers(redisUrl, processors, silentLogger, prefix);
    await queue.enqueue('sources', 'poll-source', {
      sourceId: 'ft-portal',
      trigger: 'manual',
      asOf: '2026-06-27',
    });
    expect(await done).toEqual({ sourceId: 'ft-portal', trigger: 'manual', asOf: '2026-06-27' });
    await workers.close();
  });

  it('refuses to enqueue a payload that breaks the contract', async () => {
    await expect(
      queue.enqueue('sources', 'poll-source', {
        sourceId: 'x',
        trigger: 'sometimes',
      } as unknown as PollPayload),
    ).rejects.toThrow(/invalid sources\/poll-source payload/);
  });

  it('reconciles schedulers: upserts the declared ones by id, removes the rest', async () => {
    const declared = (ids: string[]): SchedulerDefinition[] =>
      ids.map((id) => ({
        id,
        queue: 'sources',
        job: 'poll-source',
        pattern: '15 5 * * *',
        payload: { sourceId: id, trigger: 'schedule' },
      }));
    await queue.reconcileSchedulers(declared(['poll-source:a', 'poll-source:b']));
    await queue.reconcileSchedulers(declared(['poll-source:a', 'poll-source:b']));
    const result = await queue.reconcileSchedulers(declared(['poll-source:b']));
    expect(result).toEqual({ upserted: 1, removed: 1 });
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const schedulers = await new Queue('sources', { connection, prefix }).getJobSchedulers();
    expect(schedulers.map((scheduler) => [scheduler.key, scheduler.pattern, scheduler.tz])).toEqual(
      [['poll-source:b', '15 5 * * *', 'UTC']],
    );
    await connection.quit();
  });
});
