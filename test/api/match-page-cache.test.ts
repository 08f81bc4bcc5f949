import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFeedback } from '../../src/matching/feedback-store.js';
import { rematchTenants } from '../../src/matching/service.js';
import type { Page } from '../helpers/tenant-api.js';
import { seedTenantApi, type TenantApiFixture } from '../helpers/tenant-api.js';

const DAY_MS = 86_400_000;

/**
 * /v1/matches serves pages from a per-process cache keyed by the tenant's data version. Each
 * test reads a page first (so it is cached), changes what the page is made of the way
 * another process would (straight in the database, not through this app), and expects the
 * next read to show the change.
 */
describe('cached match pages follow the data', () => {
  let fixture: TenantApiFixture;
  const url = '/v1/matches?department=executive&limit=50';
  const read = async () => {
    const response = await fixture.app.inject({
      method: 'GET',
      url,
      headers: fixture.keys.reader,
    });
    expect(response.statusCode).toBe(200);
    return response.json() as Page;
  };

  beforeAll(async () => {
    fixture = await seedTenantApi();
  }, 120_000);
  afterAll(async () => {
    await fixture?.app.close();
    await fixture?.database.drop();
  });

  it('answers the same page twice, then a verdict recorded elsewhere at once', async () => {
    const first = await read();
    expect(await read()).toEqual(first);
    const muted = first.items[0];
    if (!muted) throw new Error('the fixture has no executive matches');
    await recordFeedback(
      fixture.database.db,
      {
        tenantId: fixture.tenantIds.get('lidingo') as string,
        areaKey: muted.area,
        callId: muted.call.id,
        verdict: 'muted',
      },
      fixture.clock,
    );
    const after = await read();
    expect(after.items.map((item) => item.call.id)).not.toContain(muted.call.id);
  });

  it('shows a re-match written by another process', async () => {
    const tenantId = fixture.tenantIds.get('lidingo') as string;
    const divide = () =>
      fixture.database.db.execute(
        sql`update matches set score = score / 10 where tenant_id = ${tenantId}`,
      );
    const original = await read();
    // Scores changed behind the app's back: raw SQL moves no version, the cached page stays.
    await divide();
    expect(await read()).toEqual(original);
    // With the version moved, the page is read again and shows them.
    await fixture.database.db.execute(
      sql`update tenants set matches_version = matches_version + 1 where id = ${tenantId}`,
    );
    const divided = await read();
    expect(divided.items[0]?.score).toBeCloseTo((original.items[0]?.score ?? 0) / 10, 5);
    // The match writer's own path, as a worker runs it, restores them and moves the version.
    await rematchTenants(fixture.deps, { tenantIds: [tenantId], now: fixture.clock.now() });
    expect((await read()).items.map((item) => item.score)).toEqual(
      original.items.map((item) => item.score),
    );
  });

  it('renders "deadline in N days" afresh when N drops, without any write', async () => {
    const before = await read();
    const item = before.items.find((candidate) => candidate.call.nextDeadlineAt);
    if (!item?.call.nextDeadlineAt) throw new Error('no dated match');
    const deadline = Date.parse(item.call.nextDeadlineAt);
    const daysLeft = Math.floor((deadline - fixture.clock.now().getTime()) / DAY_MS);
    expect(daysLeft).toBeGreaterThan(1);
    // Just past the instant N drops by one for this call (deadline − N days).
    fixture.clock.set(new Date(deadline - daysLeft * DAY_MS + 1_000));
    const after = await read();
    const same = after.items.find((candidate) => candidate.call.id === item.call.id);
    expect(same?.explanation.text).not.toEqual(item.explanation.text);
    expect(same?.explanation.text).toContain(String(daysLeft - 1));
  });
});
