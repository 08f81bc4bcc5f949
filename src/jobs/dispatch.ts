import { UnrecoverableError } from 'bullmq';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import {
  type JobContext,
  type JobName,
  type JobPayload,
  jobContract,
  type Processors,
  type QueueName,
} from './contract.js';

/**
 * A payload that does not match the contract will never succeed on retry: BullMQ's own
 * UnrecoverableError stops the attempts (the in-process runner honours it too).
 */
export function validatePayload<Q extends QueueName, J extends JobName<Q>>(
  queue: Q,
  job: J,
  payload: unknown,
): JobPayload<Q, J> {
  const schema = (jobContract[queue] as unknown as Record<string, TSchema>)[job];
  if (!schema) throw new UnrecoverableError(`no job "${job}" on queue "${queue}"`);
  if (!Value.Check(schema, payload)) {
    const first = Value.Errors(schema, payload)[0];
    throw new UnrecoverableError(
      `invalid ${queue}/${job} payload: ${first ? `${first.instancePath || '/'} ${first.message}` : 'does not match'}`,
    );
  }
  return payload as JobPayload<Q, J>;
}

type AnyProcessor = (payload: unknown, context: JobContext) => Promise<unknown>;

/**
 * Runs one job through the shared processors: validate, look up, call. Both runners (BullMQ
 * and in-process) go through here, so they treat a bad or unknown job the same way: as a
 * permanent failure, never retried.
 */
export async function runJob(
  processors: Processors,
  queue: QueueName,
  job: string,
  payload: unknown,
  context: JobContext,
): Promise<unknown> {
  const valid = validatePayload(queue, job as JobName<typeof queue>, payload);
  const processor = (processors[queue] as unknown as Record<string, AnyProcessor>)[job];
  if (!processor) throw new UnrecoverableError(`no processor for ${queue}/${job}`);
  return processor(valid, context);
}
