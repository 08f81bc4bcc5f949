import { and, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { SourceKind } from '../db/schema/index.js';
import { calls, sources } from '../db/schema/index.js';
import type { Tx } from './call-rows.js';

/**
 * One call seen by several sources (Euro-Access and the EU portal, interreg.eu and
 * interreg.no, a programme's own site and interreg.eu) is one call: the most authoritative
 * source's row is the call, the others are its sightings (calls.canonical_id points at it).
 * A sighting keeps its own row, so its source's polls, absence and link work as before, but
 * it records no change and is left out of lists, matching and digests: a deadline that
 * moves is recorded once, on the call, as the authoritative source states it.
 *
 * Two records are the same call when the programme's own call number (callIdentifier) of
 * one equals the other's identifier or call number, and only one call of the other source
 * carries it (a portal call number is shared by all its topics); otherwise when their
 * normalised titles are equal, their programmes agree (equal, one naming the other, or
 * either unknown) and their first deadlines fall on the same day (or neither has one).
 */

/**
 * Who is believed on a shared call: the programme's own site and the EU portal over the
 * interreg.eu index, and that over a third-party aggregator. A source's settings may say
 * otherwise (`authority`, a number; interreg.no's calendar is a national digest, say).
 */
const DEFAULT_AUTHORITY: Record<SourceKind, number> = {
  'ft-portal': 3,
  'html-list': 3,
  rss: 3,
  ical: 3,
  'interreg-algolia': 2,
  'euro-access': 1,
};

interface SightingRow {
  id: string;
  sourceId: string;
  identifier: string;
  callIdentifier: string | null;
  matchTitle: string;
  programmeName: string | null;
  canonicalId: string | null;
  firstDeadline: string | null;
}

/**
 * Groups the given calls (new or changed in this batch of `sourceId`) with their sightings
 * in other sources, in the batch's transaction. Returns the calls whose place changed (a
 * call that became a sighting, or a sighting promoted to the call): they are re-matched.
 */
export async function groupSightings(
  tx: Tx,
  sourceId: string,
  callIds: string[],
): Promise<string[]> {
  if (callIds.length === 0) return [];
  const own = await sightingRows(tx, inArray(calls.id, callIds));
  const others = await candidatesFor(tx, sourceId, own);
  if (others.length === 0) return [];
  const authority = await sourceAuthorities(tx);
  const changed = new Set<string>();
  for (const call of own) {
    const twin = twinOf(call, others);
    if (!twin) continue;
    const group = await groupOf(tx, twin.canonicalId ?? twin.id);
    if (group.some((member) => member.id === call.id && member.canonicalId !== null)) continue;
    const members = [...group.filter((member) => member.id !== call.id), call];
    const winner = members.reduce((best, member) =>
      rank(member, authority) > rank(best, authority) ? member : best,
    );
    for (const member of members) {
      const canonicalId = member.id === winner.id ? null : winner.id;
      if (member.canonicalId === canonicalId) continue;
      await tx.update(calls).set({ canonicalId }).where(eq(calls.id, member.id));
      changed.add(member.id);
    }
  }
  return [...changed];
}

/** Other sources' calls that share a call number or a title with one of `own`: one query. */
async function candidatesFor(tx: Tx, sourceId: string, own: SightingRow[]): Promise<SightingRow[]> {
  const numbers = [...new Set(own.flatMap((call) => codesOf(call)))];
  const titles = [...new Set(own.map((call) => call.matchTitle).filter(Boolean))];
  const conditions = [
    titles.length ? inArray(calls.matchTitle, titles) : undefined,
    numbers.length ? inArray(sql`upper(${calls.identifier})`, numbers) : undefined,
    numbers.length ? inArray(sql`upper(${calls.callIdentifier})`, numbers) : undefined,
  ].filter((condition) => condition !== undefined);
  if (conditions.length === 0) return [];
  return sightingRows(tx, and(ne(calls.sourceId, sourceId), or(...conditions)));
}

function codesOf(call: SightingRow): string[] {
  return [call.callIdentifier, call.identifier]
    .filter((code): code is string => code !== null && code.trim() !== '')
    .map((code) => code.trim().toUpperCase());
}

/**
 * The same call among the other sources' candidates, if exactly one is: by call number
 * first (this record's call number against the other's identifier or call number, or this
 * record's identifier against the other's call number: identifiers such as EA-135 are a
 * source's own), then by title, programme and deadline day.
 */
function twinOf(call: SightingRow, others: SightingRow[]): SightingRow | null {
  const number = call.callIdentifier?.trim().toUpperCase();
  const identifier = call.identifier.trim().toUpperCase();
  const numbered = others.filter((other) => {
    const otherNumber = other.callIdentifier?.trim().toUpperCase();
    if (number && (number === otherNumber || number === other.identifier.trim().toUpperCase()))
      return true;
    return otherNumber !== undefined && otherNumber === identifier;
  });
  if (numbered.length === 1) return numbered[0] as SightingRow;
  const pool = numbered.length > 1 ? numbered : others;
  const same = pool.filter(
    (other) =>
      other.matchTitle === call.matchTitle &&
      programmesAgree(other.programmeName, call.programmeName) &&
      other.firstDeadline === call.firstDeadline,
  );
  // Two sightings of one call in the same other source are one group already.
  const groups = new Set(same.map((other) => other.canonicalId ?? other.id));
  return groups.size === 1 ? (same[0] as SightingRow) : null;
}

/** Higher authority first; between equals the call seen first stays the call. */
function rank(member: SightingRow, authority: Map<string, number>): number {
  return authority.get(member.sourceId) ?? 0;
}

/** Each source's authority on a shared call (settings.authority, else its kind's). */
export async function sourceAuthorities(tx: Pick<Tx, 'select'>): Promise<Map<string, number>> {
  const rows = await tx
    .select({ id: sources.id, kind: sources.kind, settings: sources.settings })
    .from(sources);
  return new Map(
    rows.map((row) => {
      const configured = row.settings.authority;
      return [
        row.id,
        typeof configured === 'number' && Number.isFinite(configured)
          ? configured
          : DEFAULT_AUTHORITY[row.kind],
      ];
    }),
  );
}

const sightingColumns = {
  id: calls.id,
  sourceId: calls.sourceId,
  identifier: calls.identifier,
  callIdentifier: calls.callIdentifier,
  matchTitle: sql<string>`coalesce(${calls.matchTitle}, '')`,
  programmeName: calls.programmeName,
  canonicalId: calls.canonicalId,
  // Written out: inside a select drizzle may leave column names unqualified, and a bare
  // "id" in the subquery would be call_deadlines.id.
  firstDeadline: sql<
    string | null
  >`(select min(d.local_date)::text from call_deadlines d where d.call_id = "calls"."id")`,
};

function sightingRows(tx: Tx, where: SQL | undefined): Promise<SightingRow[]> {
  return tx.select(sightingColumns).from(calls).where(where);
}

async function groupOf(tx: Tx, canonicalId: string): Promise<SightingRow[]> {
  return sightingRows(tx, or(eq(calls.id, canonicalId), eq(calls.canonicalId, canonicalId)));
}

/** Case, accents, punctuation and spacing do not make two programme names different. */
function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function programmesAgree(a: string | null, b: string | null): boolean {
  if (!a || !b) return true;
  const left = normaliseName(a);
  const right = normaliseName(b);
  return left === right || left.includes(right) || right.includes(left);
}
