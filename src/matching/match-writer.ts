import { setTimeout as sleep } from 'node:timers/promises';
import { asc, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { calls, matches, type StoredExplanation, tenants } from '../db/schema/index.js';
import type { Logger } from '../logger.js';
import { callVersion, type FeatureCache } from './corpus-loader.js';
import { bumpMatchesVersion } from './matches-version.js';
import { feedbackKeyOf, loadTenantInputs, type TenantInput, verdictsOf } from './tenant-inputs.js';

/*
 * Why concurrent re-matches converge (PostgreSQL, READ COMMITTED; PGlite runs one transaction
 * at a time, so there it holds trivially).
 *
 * A match row (tenant t, area, call c) depends on t's profile (profile_version), t's verdicts,
 * and c's content hash, status and next deadline (its "version"). Writers of these inputs:
 *  - a poll changes c and, in the same transaction, records a rematch-calls follow-up;
 *  - closing c (a poll, or the status sweep) UPDATEs calls.status first, then in the same
 *    transaction deletes c's matches (the sweep) or records a rematch-calls follow-up (a poll);
 *  - a profile import bumps profile_version, feedback adds a verdict; each is followed by a
 *    re-match of the tenant.
 *
 * Every match writer (tenant, full and call re-matches alike) does, in one short transaction:
 *  1. lock its tenants' rows FOR UPDATE, in id order, and re-read their profile version and
 *     verdicts: a tenant whose inputs changed since it was scored is scored again, here,
 *     while its lock keeps them from changing further;
 *  2. re-read the version of every call whose rows it will touch (the calls it scored rows
 *     for, and, for a whole-tenant pass, every call the tenant has rows for now): a call that
 *     changed or closed since it was read is read and scored again, here;
 *  3. lock FOR SHARE NOWAIT the calls of the rows it will insert as new keys, and check
 *     their version once more;
 *  4. deletes its obsolete rows and upserts the rest (ON CONFLICT: a key that exists is
 *     updated, never a failed job).
 * Hence what a writer commits is right for the inputs as they are at its commit, for every
 * (tenant, call) it touched. An input change committed before its re-read (steps 1–3) is seen
 * by it. One committed after: its follow-up starts after that commit, reads the new inputs,
 * and, needing the tenant locks this writer holds, writes after it. The sweep has no
 * follow-up: for rows that existed its DELETE finds them (waiting for an update in flight,
 * then deleting the updated row); rows inserted as new keys would be invisible to it, which
 * is why their calls are share-locked in step 3, so the sweep's UPDATE of the call waits for
 * this commit and its DELETE, a later statement, sees them. Only after the last input change
 * does its follow-up run, and every writer after it writes the same. So any mix of full,
 * tenant and call re-matches, in any number of workers, ends where one sequential pass
 * of the same jobs ends.
 *
 * Deadlocks: writers wait only for tenant locks, taken in id order before anything else; call
 * locks never wait (NOWAIT: a poll holding a call for its whole transaction makes the writer
 * roll back and try again shortly), so a writer never waits while it holds a call lock.
 *
 * The per-area limit (MAX_MATCHES_PER_AREA) is applied by whole-tenant passes only: rows
 * written for single calls (call re-matches, calls rescored in step 2) keep every score at
 * or above the threshold, so an area can hold more rows until the next full pass trims it.
 */

export interface MatchRow {
  tenantId: string;
  areaId: string;
  callId: string;
  score: number;
  explanation: StoredExplanation;
  profileVersion: number;
  computedAt: Date;
}

/** Scoring a writer may need again inside its transaction, when an input changed. */
export interface Rescoring {
  /** A tenant's rows again, against the calls of this write (its profile or verdicts changed). */
  tenant(input: TenantInput): MatchRow[];
  /** Rows of these calls, read afresh, for these tenants (no per-area limit). */
  calls(
    tx: Database,
    callIds: string[],
    tenants: TenantInput[],
  ): Promise<{ rows: MatchRow[]; versions: Map<string, string> }>;
}

interface MatchWrite {
  tenants: TenantInput[];
  /** Which rows of these tenants the write replaces: all of them, or those of these calls. */
  calls: 'all' | string[];
  rows: MatchRow[];
  /** The version (callVersion) of every call the rows were scored from; absent means closed. */
  versions: Map<string, string>;
}

interface MatchWriteDeps {
  db: Database;
  logger: Logger;
  features: FeatureCache;
}

/** A write that could not get its call locks for this long fails, and the job retries. */
const LOCK_WAIT_LIMIT_MS = 120_000;

class MatchWriteBusyError extends Error {
  constructor(waitedMs: number) {
    super(`match rows not written: calls stayed locked by other transactions for ${waitedMs} ms`);
    this.name = 'MatchWriteBusyError';
  }
}

/** A call changed between its re-read and its lock: the transaction starts over. */
class CallChangedWhileLocking extends Error {}

/** Writes one batch of match rows under the protocol above; returns the rows stored. */
export async function writeMatches(
  deps: MatchWriteDeps,
  write: MatchWrite,
  rescoring: Rescoring,
): Promise<{ rows: number }> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.db.transaction((tx) =>
        writeInTransaction(tx as unknown as Database, deps.features, write, rescoring),
      );
    } catch (error) {
      if (!(error instanceof CallChangedWhileLocking) && !isLockNotAvailable(error)) throw error;
      const waited = Date.now() - started;
      if (waited > LOCK_WAIT_LIMIT_MS) throw new MatchWriteBusyError(waited);
      if (attempt % 20 === 0)
        deps.logger.info({ waited, attempt }, 'match write waiting for calls');
      await sleep(Math.min(1000, 10 * 2 ** Math.min(attempt, 7)) * (0.5 + Math.random()));
    }
  }
}

async function writeInTransaction(
  tx: Database,
  features: FeatureCache,
  write: MatchWrite,
  rescoring: Rescoring,
): Promise<{ rows: number }> {
  const inputs = await lockTenants(tx, features, write.tenants);
  const tenantIds = inputs.fresh.map((input) => input.tenant.id);
  if (tenantIds.length === 0) return { rows: 0 };
  let rows = write.rows.filter((row) => inputs.unchanged.has(row.tenantId));
  for (const input of inputs.rescored) rows.push(...rescoring.tenant(input));

  const existing = await existingRows(tx, tenantIds, write.calls);
  const touched =
    write.calls === 'all'
      ? new Set([
          ...rows.map((row) => row.callId),
          ...[...existing.values()].map((row) => row.callId),
        ])
      : new Set(write.calls);
  const versions = new Map(write.versions);
  const stale = await changedCalls(tx, [...touched], versions, false);
  if (stale.length > 0) {
    const again = new Set(stale);
    const fresh = await rescoring.calls(tx, stale, inputs.fresh);
    rows = [...rows.filter((row) => !again.has(row.callId)), ...fresh.rows];
    for (const id of stale) versions.set(id, fresh.versions.get(id) ?? 'closed');
  }

  const inserted = rows.filter((row) => !existing.has(keyOf(row)));
  const insertedCalls = [...new Set(inserted.map((row) => row.callId))];
  if ((await changedCalls(tx, insertedCalls, versions, true)).length > 0)
    throw new CallChangedWhileLocking();

  const kept = new Set(rows.map(keyOf));
  const obsolete = [...existing.entries()]
    .filter(([key, row]) => touched.has(row.callId) && !kept.has(key))
    .map(([key]) => key);
  await deleteKeys(tx, obsolete);
  // Rows stored as they are already are not written again: a nightly pass over unchanged
  // calls writes almost nothing.
  const changed = rows.filter((row) => {
    const stored = existing.get(keyOf(row));
    return !stored || !sameRow(stored, row);
  });
  await upsertRows(tx, changed);
  await bumpMatchesVersion(tx, [
    ...changed.map((row) => row.tenantId),
    ...obsolete.map((key) => key.split('/')[0] as string),
  ]);
  return { rows: rows.length };
}

/**
 * Step 1: the tenants' rows locked in id order; the ones whose profile version or verdicts
 * changed since they were scored are loaded again (under the lock, so they stay as loaded).
 * Tenants that no longer exist drop out.
 */
async function lockTenants(tx: Database, features: FeatureCache, scored: TenantInput[]) {
  const ids = scored.map((input) => input.tenant.id).sort();
  const locked = new Map(
    (
      await tx
        .select({ id: tenants.id, profileVersion: tenants.profileVersion })
        .from(tenants)
        .where(inArray(tenants.id, ids))
        .orderBy(asc(tenants.id))
        .for('update')
    ).map((row) => [row.id, row.profileVersion]),
  );
  const verdicts = await verdictsOf(tx, [...locked.keys()]);
  const unchanged = new Set<string>();
  const changed: string[] = [];
  for (const input of scored) {
    const id = input.tenant.id;
    if (!locked.has(id)) continue;
    const same =
      locked.get(id) === input.tenant.profileVersion &&
      feedbackKeyOf(verdicts.get(id)) === input.feedbackKey;
    if (same) unchanged.add(id);
    else changed.push(id);
  }
  const rescored = changed.length ? await loadTenantInputs(tx, features, changed) : [];
  const fresh = [...scored.filter((input) => unchanged.has(input.tenant.id)), ...rescored];
  return { unchanged, rescored, fresh };
}

const keyOf = (row: { tenantId: string; areaId: string; callId: string }) =>
  `${row.tenantId}/${row.areaId}/${row.callId}`;

/** A stored row; score, version and explanation only where writes are skipped by comparing. */
type StoredRow = Pick<MatchRow, 'callId'> &
  Partial<Pick<MatchRow, 'score' | 'profileVersion' | 'explanation'>>;

/**
 * The rows these tenants have now: all of them with their content (a whole-tenant pass
 * writes only what differs), or those of these calls, found by the call index (a call
 * re-match writes its rows anyway: its calls changed).
 */
async function existingRows(
  tx: Database,
  tenantIds: string[],
  callIds: 'all' | string[],
): Promise<Map<string, StoredRow>> {
  if (callIds === 'all') {
    const rows = await tx
      .select({
        tenantId: matches.tenantId,
        areaId: matches.areaId,
        callId: matches.callId,
        score: matches.score,
        profileVersion: matches.profileVersion,
        explanation: matches.explanation,
      })
      .from(matches)
      .where(inArray(matches.tenantId, tenantIds));
    return new Map(rows.map((row) => [keyOf(row), row]));
  }
  if (callIds.length === 0) return new Map();
  const wanted = new Set(tenantIds);
  const rows = await tx
    .select({ tenantId: matches.tenantId, areaId: matches.areaId, callId: matches.callId })
    .from(matches)
    .where(inArray(matches.callId, callIds));
  return new Map(rows.filter((row) => wanted.has(row.tenantId)).map((row) => [keyOf(row), row]));
}

function sameRow(stored: StoredRow, row: MatchRow): boolean {
  return (
    stored.explanation !== undefined &&
    stored.score === row.score &&
    stored.profileVersion === row.profileVersion &&
    canonicalJson(stored.explanation) === canonicalJson(row.explanation)
  );
}

/** JSON with object keys sorted: jsonb gives them back in its own order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : entry,
  );
}

/**
 * Steps 2 and 3: the calls whose current version differs from the one scored. With `lock`,
 * the rows are share-locked (NOWAIT) first, so they keep that version until commit.
 */
async function changedCalls(
  tx: Database,
  callIds: string[],
  versions: Map<string, string>,
  lock: boolean,
): Promise<string[]> {
  if (callIds.length === 0) return [];
  const sorted = [...callIds].sort();
  // The ids as one JSON document: thousands of bind parameters parse slowly.
  const query = tx
    .select({
      id: calls.id,
      contentHash: calls.contentHash,
      status: calls.status,
      nextDeadlineAt: calls.nextDeadlineAt,
    })
    .from(calls)
    .where(
      inArray(
        calls.id,
        sql`(select value::uuid from json_array_elements_text(${JSON.stringify(sorted)}::json))`,
      ),
    )
    .orderBy(asc(calls.id));
  const current = new Map(
    (lock ? await query.for('share', { noWait: true }) : await query).map((row) => [row.id, row]),
  );
  return sorted.filter(
    (id) => callVersion(current.get(id)) !== (versions.get(id) ?? callVersion(undefined)),
  );
}

// One statement per chunk, the rows sent as one JSON document: PostgreSQL parses JSON much
// faster than thousands of bind parameters or array literals.
const WRITE_CHUNK = 10_000;

async function deleteKeys(tx: Database, keys: string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += WRITE_CHUNK) {
    const chunk = keys.slice(start, start + WRITE_CHUNK).map((key) => {
      const [tenant_id, area_id, call_id] = key.split('/');
      return { tenant_id, area_id, call_id };
    });
    await tx.execute(sql`
      delete from matches m
      using json_populate_recordset(null::matches, ${JSON.stringify(chunk)}::json) k
      where m.tenant_id = k.tenant_id and m.area_id = k.area_id and m.call_id = k.call_id`);
  }
}

/**
 * Inserts new keys and updates changed rows; a row whose score, explanation and profile
 * version are already stored is left alone (computed_at is when the stored score was made),
 * so a nightly pass over unchanged calls writes little.
 */
async function upsertRows(tx: Database, rows: MatchRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
    const chunk = rows.slice(start, start + WRITE_CHUNK).map((row) => ({
      tenant_id: row.tenantId,
      area_id: row.areaId,
      call_id: row.callId,
      score: row.score,
      explanation: row.explanation,
      profile_version: row.profileVersion,
      computed_at: row.computedAt.toISOString(),
    }));
    await tx.execute(sql`
      insert into matches (tenant_id, area_id, call_id, score, explanation, profile_version, computed_at)
      select tenant_id, area_id, call_id, score, explanation, profile_version, computed_at
      from json_populate_recordset(null::matches, ${JSON.stringify(chunk)}::json)
      on conflict (tenant_id, area_id, call_id) do update
      set score = excluded.score, explanation = excluded.explanation,
          profile_version = excluded.profile_version, computed_at = excluded.computed_at
      where (matches.score, matches.explanation, matches.profile_version)
        is distinct from (excluded.score, excluded.explanation, excluded.profile_version)`);
  }
}

/** PostgreSQL's lock_not_available (a NOWAIT lock was held), possibly wrapped by drizzle. */
function isLockNotAvailable(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: string }).code === '55P03') return true;
  }
  return false;
}
