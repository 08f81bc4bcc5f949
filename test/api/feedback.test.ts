import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rematchTenants } from '../../src/matching/service.js';
import { queryRows } from '../helpers/database.js';
import {
  type Item,
  seedTenantApi,
  type TenantApiFixture,
  tenantApiClient,
} from '../helpers/tenant-api.js';

interface FeedbackItem {
  callId: string;
  call: { identifier: string; title: string };
  area: string;
  verdict: string;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

describe('feedback routes and the caller’s matches on a call', () => {
  let fixture: TenantApiFixture;
  const { request, get, walk } = tenantApiClient(() => fixture);

  beforeAll(async () => {
    fixture = await seedTenantApi();
  }, 120_000);

  afterAll(async () => {
    await fixture?.app.close();
    await fixture?.database.drop();
  });

  const put = (callId: string, body: unknown, headers = fixture.keys.coordinator) =>
    request('PUT', `/v1/feedback/${callId}`, headers, body);
  const remove = (url: string, headers = fixture.keys.coordinator) =>
    request('DELETE', url, headers);
  const firstPage = async (url: string) => (await get(url)).body.items as Item[];
  const lidingo = () => fixture.tenantIds.get('lidingo') as string;
  /** The queued re-matches of a tenant, as the outbox holds them. */
  const queuedRematches = async (tenantId: string) =>
    (
      await queryRows<{ n: number }>(
        fixture.database.db,
        sql`select count(*)::int as n from job_outbox where queue = 'matching'
            and job = 'rematch-tenant' and payload->>'tenantId' = ${tenantId}`,
      )
    )[0]?.n ?? 0;
  /** Runs the queued rematch-tenant jobs as a worker would, and clears them. */
  async function runQueuedRematches() {
    const rows = await queryRows<{ id: number; tenant_id: string }>(
      fixture.database.db,
      sql`delete from job_outbox where job = 'rematch-tenant' returning id, payload->>'tenantId' as tenant_id`,
    );
    const tenantIds = [...new Set(rows.map((row) => row.tenant_id))];
    expect(tenantIds.length).toBeGreaterThan(0);
    await rematchTenants(fixture.deps, { tenantIds, now: fixture.clock.now() });
  }

  it('stores a verdict for a coordinator, with the re-match queued in the outbox', async () => {
    const [item] = await walk('/v1/matches?area=health&limit=100');
    const callId = item?.call.id as string;
    const queuedBefore = await queuedRematches(lidingo());
    const pokesBefore = fixture.pokes.count;
    const { status, body } = await put(callId, { area: 'health', verdict: 'relevant', note: 'ja' });
    expect(status).toBe(200);
    expect(body).toEqual({
      callId,
      call: { identifier: item?.call.identifier, title: item?.call.title },
      area: 'health',
      verdict: 'relevant',
      note: 'ja',
      createdAt: fixture.clock.now().toISOString(),
      updatedAt: fixture.clock.now().toISOString(),
      rematch: 'queued',
    });
    expect(await queuedRematches(lidingo())).toBe(queuedBefore + 1);
    expect(fixture.pokes.count).toBe(pokesBefore + 1);
    const admin = { ...fixture.keys.admin, 'x-tenant': 'lidingo' };
    const again = await put(callId, { area: 'health', verdict: 'not_relevant' }, admin);
    expect(again.body).toMatchObject({ verdict: 'not_relevant', note: null, rematch: 'queued' });
    const listed = (await get('/v1/feedback')).body.items as FeedbackItem[];
    expect(listed.filter((entry) => entry.callId === callId)).toMatchObject([
      { area: 'health', verdict: 'not_relevant' },
    ]);
  });

  it('lets a reader read but not write, and needs a key', async () => {
    const [item] = await firstPage('/v1/matches?limit=1');
    const callId = item?.call.id as string;
    expect(
      (await put(callId, { area: 'urban', verdict: 'muted' }, fixture.keys.reader)).status,
    ).toBe(403);
    expect((await remove(`/v1/feedback/${callId}`, fixture.keys.reader)).status).toBe(403);
    expect((await get('/v1/feedback', fixture.keys.reader)).status).toBe(200);
    for (const [method, url] of [
      ['PUT', `/v1/feedback/${callId}`],
      ['DELETE', `/v1/feedback/${callId}`],
      ['GET', '/v1/feedback'],
    ] as const)
      expect((await request(method, url, {}, { area: 'urban', verdict: 'muted' })).status).toBe(
        401,
      );
  });

  it('answers 404 for unknown calls and for areas and verdicts of another tenant', async () => {
    const [item] = await firstPage('/v1/matches?area=urban&limit=1');
    const callId = item?.call.id as string;
    const unknown = await put(randomUUID(), { area: 'urban', verdict: 'muted' });
    expect(unknown.status).toBe(404);
    expect((await put(callId, { area: 'nowhere', verdict: 'muted' })).status).toBe(404);
    await put(callId, { area: 'urban', verdict: 'muted' });
    // Örebro has no area "urban": Lidingö's area is not found for its key, nor its verdicts.
    const other = fixture.keys.otherCoordinator;
    expect((await put(callId, { area: 'urban', verdict: 'relevant' }, other)).status).toBe(404);
    expect((await remove(`/v1/feedback/${callId}?area=urban`, other)).status).toBe(404);
    expect((await get('/v1/feedback?area=urban', other)).status).toBe(404);
    expect((await get('/v1/matches?area=urban', other)).status).toBe(404);
    expect((await get('/v1/feedback', other)).body.items).toEqual([]);
    // Withdrawing "all areas" of the call as Örebro touches Örebro's verdicts only.
    expect((await remove(`/v1/feedback/${callId}`, other)).status).toBe(204);
    const own = (await get('/v1/feedback')).body.items as FeedbackItem[];
    expect(own).toContainEqual(
      expect.objectContaining({ callId, area: 'urban', verdict: 'muted' }),
    );
    expect((await get('/v1/feedback')).body.items.length).toBeGreaterThan(0);
    expect((await put(callId, { area: 'urban', verdict: 'maybe' })).status).toBe(400);
  });

  it('leaves muted calls out of the list for that area, and says so on the call', async () => {
    const [top] = await walk('/v1/matches?area=urban&limit=100');
    const callId = top?.call.id as string;
    await put(callId, { area: 'urban', verdict: 'muted' });
    const urban = await walk('/v1/matches?area=urban&limit=100');
    expect(urban.map((item) => item.call.id)).not.toContain(callId);
    const detail = (await get(`/v1/calls/${callId}`)).body;
    expect(detail.matches).toContainEqual(
      expect.objectContaining({ area: 'urban', feedback: 'muted' }),
    );
  });

  it('lists verdicts filtered by area and verdict, a page at a time', async () => {
    const urban = await walk('/v1/matches?area=urban&limit=100');
    for (const item of urban.slice(0, 3))
      await put(item.call.id, { area: 'urban', verdict: 'not_relevant' });
    const all = (await get('/v1/feedback?limit=100')).body.items as FeedbackItem[];
    const stored = await queryRows<{ n: number }>(
      fixture.database.db,
      sql`select count(*)::int as n from match_feedback where tenant_id = ${lidingo()}`,
    );
    expect(all.length).toBe(stored[0]?.n);
    const seen: FeedbackItem[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: FeedbackItem[]; nextCursor: string | null } = (
        await get(`/v1/feedback?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).body;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const muted = (await get('/v1/feedback?verdict=muted')).body.items as FeedbackItem[];
    expect(muted.length).toBe(all.filter((entry) => entry.verdict === 'muted').length);
    expect(muted.length).toBeGreaterThan(0);
    const health = (await get('/v1/feedback?area=health')).body.items as FeedbackItem[];
    expect(health.length).toBe(all.filter((entry) => entry.area === 'health').length);
    const cursorOfAll = (await get('/v1/feedback?limit=1')).body.nextCursor;
    expect((await get(`/v1/feedback?verdict=muted&cursor=${cursorOfAll}`)).status).toBe(400);
  });

  it('withdraws verdicts for one area or all, queuing a re-match', async () => {
    const [item] = await firstPage('/v1/matches?area=health&limit=1');
    const callId = item?.call.id as string;
    await put(callId, { area: 'health', verdict: 'relevant' });
    await put(callId, { area: 'urban', verdict: 'relevant' });
    const verdictsOf = async () =>
      ((await get('/v1/feedback?limit=100')).body.items as FeedbackItem[])
        .filter((entry) => entry.callId === callId)
        .map((entry) => entry.area)
        .sort();
    expect(await verdictsOf()).toEqual(['health', 'urban']);
    const queued = await queuedRematches(lidingo());
    const one = await remove(`/v1/feedback/${callId}?area=urban`);
    expect(one.status).toBe(204);
    expect(await verdictsOf()).toEqual(['health']);
    expect(await queuedRematches(lidingo())).toBe(queued + 1);
    expect((await remove(`/v1/feedback/${callId}`)).status).toBe(204);
    expect(await verdictsOf()).toEqual([]);
    expect((await remove(`/v1/feedback/${randomUUID()}`)).status).toBe(404);
  });

  it('moves similar calls up and down as the matcher’s feedback rules say', async () => {
    await runQueuedRematches();
    const before = await walk('/v1/matches?area=schools_youth&limit=100');
    const liked = before[before.length - 1] as Item;
    const disliked = before[1] as Item;
    await put(liked.call.id, { area: 'schools_youth', verdict: 'relevant' });
    await put(disliked.call.id, { area: 'schools_youth', verdict: 'not_relevant' });
    await runQueuedRematches();
    const after = new Map(
      (await walk('/v1/matches?area=schools_youth&limit=100')).map((item) => [item.call.id, item]),
    );
    const scoreBefore = new Map(before.map((item) => [item.call.id, item.score]));
    const moved = (predicate: (item: Item) => boolean) =>
      [...after.values()].filter((item) => predicate(item) && scoreBefore.has(item.call.id));
    const risen = moved(
      (item) =>
        item.explanation.likeRelevant === liked.call.identifier &&
        !item.explanation.likeNotRelevant,
    );
    const sunk = moved(
      (item) =>
        item.explanation.likeNotRelevant === disliked.call.identifier &&
        !item.explanation.likeRelevant,
    );
    expect(risen.length).toBeGreaterThan(0);
    expect(sunk.length).toBeGreaterThan(0);
    for (const item of risen)
      expect(item.score).toBeGreaterThan(scoreBefore.get(item.call.id) as number);
    for (const item of sunk)
      expect(item.score).toBeLessThan(scoreBefore.get(item.call.id) as number);
    expect(after.get(liked.call.id)).toMatchObject({ feedback: 'relevant' });
    expect(after.get(liked.call.id)?.score).toBeGreaterThan(liked.score);
  });

  it('adds the caller’s matches to a call: for tenant keys, not without one', async () => {
    const [item] = await firstPage('/v1/matches?limit=1');
    const callId = item?.call.id as string;
    const url = `/v1/calls/${callId}`;
    const anonymous = await get(url, {});
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).not.toHaveProperty('matches');
    const reader = (await get(url)).body;
    const stored = await queryRows<{ key: string; score: number }>(
      fixture.database.db,
      sql`select a.key, m.score * a.weight as score from matches m join priority_areas a on a.id = m.area_id
          where m.tenant_id = ${lidingo()} and m.call_id = ${callId} order by 2 desc, 1`,
    );
    expect(reader.matches.map((match: { area: string }) => match.area)).toEqual(
      stored.map((row) => row.key),
    );
    expect(reader.matches[0]).toMatchObject({
      area: item?.area,
      score: item?.score,
      explanation: { language: 'sv', text: /^matchade / },
    });
    const admin = (await get(url, { ...fixture.keys.admin, 'x-tenant': 'lidingo' })).body;
    expect(admin.matches).toEqual(reader.matches);
    expect((await get(url, fixture.keys.admin)).body).not.toHaveProperty('matches');
    const english = (await get(url, { ...fixture.keys.reader, 'accept-language': 'en' })).body;
    expect(english.matches[0].explanation).toMatchObject({ language: 'en', text: /^matched / });
    const orebro = (await get(url, fixture.keys.otherCoordinator)).body;
    const orebroStored = await queryRows<{ n: number }>(
      fixture.database.db,
      sql`select count(*)::int as n from matches where tenant_id = ${fixture.tenantIds.get('orebro')} and call_id = ${callId}`,
    );
    expect(orebro.matches.length).toBe(orebroStored[0]?.n);
  });
});
