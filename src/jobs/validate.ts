import { UnrecoverableError } from 'bullmq';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import { type JobName, type JobPayload, jobContract, type QueueName } from './contract.js';

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
