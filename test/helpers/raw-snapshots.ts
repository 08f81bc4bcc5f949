import { readdirSync } from 'node:fs';
import type { SediaResult } from '../../scrapers/ft-portal/raw.js';
import { openSnapshot, snapshotPages } from '../../scrapers/ft-portal/snapshot.js';
import { fixturePath } from './shared.js';

/** The daily snapshot folders, oldest first. */
export function dailySnapshotDays(): string[] {
  return readdirSync(fixturePath('ft-portal', 'daily'))
    .filter((name) => /^\d{4}-\d{2}-\d{2}$/.test(name))
    .sort();
}

export function dailySnapshotFolder(day: string): string {
  return fixturePath('ft-portal', 'daily', day);
}

/** Every raw record of a snapshot, straight from the files (no product code but gunzip). */
export async function rawRecords(day: string): Promise<SediaResult[]> {
  const snapshot = await openSnapshot(dailySnapshotFolder(day));
  const records: SediaResult[] = [];
  for await (const page of snapshotPages(snapshot)) records.push(...page.results);
  return records;
}

export const meta = (record: SediaResult, key: string): string[] => record.metadata?.[key] ?? [];
export const identifierOf = (record: SediaResult): string =>
  meta(record, 'identifier')[0] ?? record.reference;
export const deadlineDaysOf = (record: SediaResult): string[] =>
  meta(record, 'deadlineDate').map((value) => value.slice(0, 10));
