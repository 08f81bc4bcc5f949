import type { PollResult } from '../../scrapers/types.js';

/** When a poll's result is too odd to let absence close calls. Per source in settings. */
interface PollPolicy {
  /** Fewer raw records than this share of the last good poll: the source probably broke. */
  minRecordRatio: number;
  /** More than this multiple: an index mix-up (2026-06-27 tripled the portal's answer). */
  maxRecordRatio: number;
  /** Share of records from a legacy index above which the poll is suspect. */
  maxLegacyShare: number;
  /** Consecutive good polls a call may be missing from before it counts as withdrawn. */
  absentPollsBeforeClose: number;
}

const DEFAULT_POLL_POLICY: PollPolicy = {
  minRecordRatio: 0.5,
  maxRecordRatio: 1.5,
  maxLegacyShare: 0.05,
  absentPollsBeforeClose: 3,
};

export function pollPolicyFrom(settings: Record<string, unknown>): PollPolicy {
  const policy = { ...DEFAULT_POLL_POLICY };
  for (const key of Object.keys(policy) as Array<keyof PollPolicy>) {
    const value = settings[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) policy[key] = value;
  }
  return policy;
}

/** Problems that make a poll degraded; an empty list means the poll is good. */
export function assessPoll(
  result: PollResult,
  lastGoodRecordCount: number | null,
  policy: PollPolicy,
): string[] {
  const problems: string[] = [];
  if (result.records.length === 0) problems.push('the poll produced no calls');
  if (lastGoodRecordCount !== null && lastGoodRecordCount > 0) {
    const ratio = result.received / lastGoodRecordCount;
    if (ratio < policy.minRecordRatio || ratio > policy.maxRecordRatio) {
      problems.push(
        `received ${result.received} records against ${lastGoodRecordCount} in the last good poll`,
      );
    }
  }
  if (result.received > 0 && result.legacyRecords / result.received > policy.maxLegacyShare) {
    problems.push(`${result.legacyRecords} of ${result.received} records came from a legacy index`);
  }
  if (result.emptyPages.length > 0) {
    problems.push(
      `page(s) ${result.emptyPages.join(', ')} came back empty although more records were announced`,
    );
  }
  return problems;
}
