import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentMatches } from '../../src/matching/department-matches.js';
import { listTenantMatches } from '../../src/matching/match-list.js';
import { testKey } from '../helpers/app.js';
import { queryRows } from '../helpers/database.js';
import {
  type Item,
  type Page,
  seedTenantApi,
  type TenantApiFixture,
  tenantApiClient,
} from '../helpers/tenant-api.js';

describe('GET /v1/matches', () => {
  let fixture: TenantApiFixture;
  let database: TenantApiFixture['database'];
  let clock: TenantApiFixture['clock'];
  let tenantIds: TenantApiFixture['tenantIds'];
  let keys: TenantApiFixture['keys'];

  beforeAll(async () => {
    fixture = await seedTenantApi();
    ({ database, clock, tenantIds, keys } = fixture);
  }, 120_000);

  afterAll(async () => {
    await fixture?.app.close();
    await fixture?.database.drop();
  });

  const { get, walk, storedBest } = tenantApiClient(() => fixture);

  it('lists each matched call once under its best area, best first, in the documented shape', async () => {
    const { status, body } = await get('/v1/matches?limit=5');
    expect(status).toBe(200);
    const [first] = (body as Page).items;
    expect(Object.keys(first as Item).sort()).toEqual(
      ['area', 'call', 'department', 'explanation', 'feedback', 'score'].sort(),
    );
    expect(Object.keys((first as Item).call).sort()).toEqual(
      [
        'budget',
        'deadlines',
        'id',
        'identifier',
        'nextDeadlineAt',
        'openingAt',
        'programme',
        'sourceUrl',
        'status',
        'title',
      ].sort(),
    );
    expect(Object.keys((first as Item).explanation).sort()).toEqual(
      [
        'action',
        'concepts',
        'keywords',
        'language',
        'likeNotRelevant',
        'likeRelevant',
        'localAuthorities',
        'programme',
        'text',
      ].sort(),
    );
    expect(first?.department).toBeNull();

    const all = await walk('/v1/matches?limit=17');
    const stored = await storedBest('lidingo');
    expect(all.length).toBe(stored.length);
    const byCall = new Map(stored.map((row) => [row.call_id, row]));
    for (const item of all) {
      expect(item.area, item.call.identifier).toBe(byCall.get(item.call.id)?.area_key);
      expect(item.score).toBeCloseTo(byCall.get(item.call.id)?.score as number, 4);
    }
    const scores = all.map((item) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('walks every sort with the cursor, without repeats or gaps, in order', async () => {
    const stored = await storedBest('lidingo');
    for (const sort of ['score', 'deadline', 'newest']) {
      const items = await walk(`/v1/matches?sort=${sort}&limit=23`);
      expect(items.length, sort).toBe(stored.length);
      expect(new Set(items.map((item) => item.call.id)).size, sort).toBe(items.length);
      if (sort === 'deadline') {
        const deadlines = items.map((item) => item.call.nextDeadlineAt ?? '9999');
        expect(deadlines).toEqual([...deadlines].sort());
      }
    }
    const newest = await walk('/v1/matches?sort=newest&limit=50');
    const firstSeen = await queryRows<{ id: string; first_seen_at: Date }>(
      database.db,
      sql`select id, first_seen_at from calls where id in ${newest.map((item) => item.call.id)}`,
    );
    const seenAt = new Map(firstSeen.map((row) => [row.id, new Date(row.first_seen_at).getTime()]));
    const order = newest.map((item) => seenAt.get(item.call.id) as number);
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it('lists a department: only its areas, as departmentMatches does', async () => {
    const social = await walk('/v1/matches?department=social&limit=40');
    expect(social.length).toBeGreaterThan(0);
    expect(social.every((item) => item.area === 'health' && item.department === 'social')).toBe(
      true,
    );
    const executive = await walk('/v1/matches?department=executive&limit=40');
    const direct = await departmentMatches(database.db, {
      tenantId: tenantIds.get('lidingo') as string,
      departmentKey: 'executive',
      limit: 1000,
      now: clock.now(),
    });
    expect(executive.map((item) => [item.call.id, item.area])).toEqual(
      direct.map((match) => [match.callId, match.areaKey]),
    );
    const environment = await walk('/v1/matches?department=environment&limit=40');
    const stored = await storedBest('lidingo', ['urban', 'health']);
    expect(environment.length).toBe(stored.length);
  });

  it('filters by area, minimum score, status, programme, deadline range and text', async () => {
    const urban = await walk('/v1/matches?area=urban&limit=100');
    expect(urban.length).toBe((await storedBest('lidingo', ['urban'])).length);
    expect(urban.every((item) => item.area === 'urban')).toBe(true);
    const two = await walk('/v1/matches?area=urban,health&limit=100');
    expect(two.length).toBe((await storedBest('lidingo', ['urban', 'health'])).length);

    const all = await walk('/v1/matches?limit=100');
    const median = all[Math.floor(all.length / 2)]?.score as number;
    const high = await walk(`/v1/matches?minScore=${median}&limit=100`);
    expect(high.length).toBe(all.filter((item) => item.score >= median).length);
    expect(high.length).toBeLessThan(all.length);

    for (const status of ['open', 'forthcoming']) {
      const listed = await walk(`/v1/matches?status=${status}&limit=100`);
      expect(listed.length, status).toBe(all.filter((item) => item.call.status === status).length);
    }

    const programme = all[0]?.call.programme.code as string;
    const byProgramme = await walk(`/v1/matches?programme=${programme.toLowerCase()}&limit=100`);
    expect(byProgramme.length).toBe(
      all.filter((item) => item.call.programme.code === programme).length,
    );

    const inRange = (item: Item) =>
      item.call.deadlines.some((d) => d.localDate >= '2026-09-01' && d.localDate <= '2026-10-31');
    const autumn = await walk('/v1/matches?deadlineFrom=2026-09-01&deadlineTo=2026-10-31');
    expect(autumn.length).toBe(all.filter(inRange).length);
    expect(autumn.length).toBeGreaterThan(0);

    const word = (all[0]?.call.title.split(/\s+/).find((w) => w.length > 6) ?? 'health').replace(
      /[^A-Za-z]/g,
      '',
    );
    const text = await walk(`/v1/matches?q=${encodeURIComponent(word)}&limit=100`);
    expect(text.map((item) => item.call.id)).toContain(all[0]?.call.id);
    expect(text.length).toBeLessThanOrEqual(all.length);
  });

  it('refuses unknown keys (404), bad dates and foreign cursors (400)', async () => {
    expect((await get('/v1/matches?area=nowhere')).status).toBe(404);
    expect((await get('/v1/matches?area=urban,nowhere')).body.message).toBe(
      'No area "nowhere" for this tenant',
    );
    expect((await get('/v1/matches?department=nowhere')).status).toBe(404);
    // Another tenant's keys are simply not found.
    expect((await get('/v1/matches?area=children_youth')).status).toBe(404);
    expect((await get('/v1/matches?deadlineFrom=2026-02-30')).status).toBe(400);
    const { body } = await get('/v1/matches?limit=2');
    const cursor = (body as Page).nextCursor as string;
    expect((await get(`/v1/matches?limit=2&cursor=${cursor}`)).status).toBe(200);
    for (const url of [
      `/v1/matches?sort=deadline&cursor=${cursor}`,
      `/v1/matches?area=urban&cursor=${cursor}`,
      '/v1/matches?cursor=abc',
      '/v1/matches?limit=0',
      '/v1/matches?sort=popular',
      '/v1/matches?lang=de',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
  });

  it('renders explanations in the language asked for, accepted, or the department’s', async () => {
    const text = async (url: string, headers: Record<string, string> = {}) => {
      const { body } = await get(url, { ...keys.reader, ...headers });
      return (body as Page).items[0]?.explanation as Item['explanation'];
    };
    expect(await text('/v1/matches?lang=en')).toMatchObject({ language: 'en', text: /^matched / });
    expect(await text('/v1/matches?lang=nb')).toMatchObject({ language: 'nb', text: /^traff / });
    expect(
      await text('/v1/matches', { 'accept-language': 'de-DE, en-GB;q=0.8, sv;q=0.5' }),
    ).toMatchObject({ language: 'en', text: /^matched / });
    expect(await text('/v1/matches?lang=sv', { 'accept-language': 'en' })).toMatchObject({
      language: 'sv',
    });
    expect(await text('/v1/matches?department=social')).toMatchObject({
      language: 'sv',
      text: /^matchade /,
    });
    const norwegian = await testKey(database.db, clock, 'reader', 'fredrikstad');
    const { body } = await get('/v1/matches', norwegian.headers);
    expect((body as Page).items[0]?.explanation).toMatchObject({ language: 'nb', text: /^traff / });
  });

  it('needs a key of the tenant: 401 without, reader reads, admin names the tenant', async () => {
    expect((await get('/v1/matches', {})).status).toBe(401);
    expect((await get('/v1/feedback', {})).status).toBe(401);
    const asReader = await get('/v1/matches?limit=50');
    const asAdmin = await get('/v1/matches?limit=50', { ...keys.admin, 'x-tenant': 'lidingo' });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toEqual(asReader.body);
    expect((await get('/v1/matches', keys.admin)).status).toBe(400);
    const orebro = await walk('/v1/matches?limit=100', keys.otherCoordinator);
    expect(orebro.length).toBe((await storedBest('orebro')).length);
  });

  // Last: it moves the clock on.
  it('never lists a call whose last deadline passed, with or without a poll since', async () => {
    const tenantId = tenantIds.get('lidingo') as string;
    const before = await walk('/v1/matches?limit=100');
    const [soonest] = await queryRows<{ call_id: string; last_ms: number }>(
      database.db,
      sql`select call_id, (extract(epoch from max(deadline_at)) * 1000)::float8 as last_ms
          from call_deadlines where call_id in ${before.map((item) => item.call.id)}
          group by call_id order by 2, 1 limit 1`,
    );
    const callId = soonest?.call_id as string;
    const later = new Date((soonest?.last_ms as number) + 60_000);
    const listedAt = async (now: Date) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTenantMatches(database.db, {
          tenantId,
          query: { limit: 100, cursor },
          now,
        });
        ids.push(...page.items.map((item) => item.call.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };
    const statusOf = async () =>
      (
        await queryRows<{ status: string }>(
          database.db,
          sql`select status from calls where id = ${callId}`,
        )
      )[0]?.status;

    // The SQL guard alone: stored statuses untouched (no poll, no sweep), the call is gone.
    expect(await listedAt(clock.now())).toContain(callId);
    expect(await listedAt(later)).not.toContain(callId);
    const department = { tenantId, departmentKey: 'executive', limit: 1000 };
    expect((await departmentMatches(database.db, department)).map((m) => m.callId)).toContain(
      callId,
    );
    expect(
      (await departmentMatches(database.db, { ...department, now: later })).map((m) => m.callId),
    ).not.toContain(callId);
    expect(await statusOf()).toBe('open');

    // Through the API: the clock moves on, no poll; the sweep runs before the list.
    clock.set(later);
    const after = await walk('/v1/matches?limit=100');
    expect(after.length).toBeGreaterThan(0);
    expect(after.map((item) => item.call.id)).not.toContain(callId);
    const executive = await walk('/v1/matches?department=executive&limit=100');
    expect(executive.map((item) => item.call.id)).not.toContain(callId);
    expect(await statusOf()).toBe('closed');
  });
});
