import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalArea, type Profile, profileLimits } from '../../src/tenants/profile.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { type Answer, rematchRows, requester, storedTenant } from './profile-helpers.js';

type Headers = Record<string, string>;

/** A profile at both limits: as many areas and departments as one may have. */
function fullProfile(base: Profile): Profile {
  const areas = Array.from({ length: profileLimits.areas }, (_, index) => ({
    key: `area-${index}`,
    name: `Område ${index}`,
    keywords: ['ungdomsutbyte'],
  }));
  const departments = Array.from({ length: profileLimits.departments }, (_, index) => ({
    key: `department-${index}`,
    name: `Förvaltning ${index}`,
    areas: ['area-0'],
    language: 'sv',
  }));
  return { tenant: base.tenant, areas, departments };
}

describe('profile API: one area or department', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let send: ReturnType<typeof requester>;
  const clock = new ManualClock(new Date('2026-06-25T08:00:00Z'));
  const examples = new Map<string, Profile>();
  const coordinator: Record<string, Headers> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const { slug, profile } of await exampleProfiles()) {
      examples.set(slug, profile);
      await importProfile(database.db, slug, profile, clock);
    }
    await importProfile(
      database.db,
      'full',
      fullProfile(examples.get('alvesta') as Profile),
      clock,
    );
    for (const slug of ['alvesta', 'fredrikstad', 'full']) {
      coordinator[slug] = (await testKey(database.db, clock, 'coordinator', slug)).headers;
    }
    app = await buildTestApp({ db: database.db, clock });
    send = requester(app);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** Runs a write and reports how the version and the re-match rows moved. */
  async function measured(slug: string, write: () => Promise<Answer>) {
    const before = await storedTenant(database.db, slug);
    const rows = await rematchRows(database.db, before.tenant.id);
    const answer = await write();
    const after = await storedTenant(database.db, slug);
    return {
      answer,
      before,
      after,
      versionStep: after.tenant.profileVersion - before.tenant.profileVersion,
      rematchRows: (await rematchRows(database.db, before.tenant.id)) - rows,
    };
  }

  const culture = { name: 'Kultur', keywords: ['kulturarv', 'museum'], weight: 1.2 };

  it('creates an area (201), then an identical PUT changes nothing', async () => {
    const created = await measured('alvesta', () =>
      send('PUT', '/v1/profile/areas/culture', coordinator.alvesta ?? {}, culture),
    );
    expect(created.answer.status).toBe(201);
    expect(created.answer.body).toEqual({
      area: canonicalArea({ key: 'culture', ...culture }),
      changed: true,
      profileVersion: created.before.tenant.profileVersion + 1,
      rematch: 'queued',
    });
    expect([created.versionStep, created.rematchRows]).toEqual([1, 1]);

    const same = await measured('alvesta', () =>
      send('PUT', '/v1/profile/areas/culture', coordinator.alvesta ?? {}, {
        ...culture,
        key: 'culture',
      }),
    );
    expect(same.answer.status).toBe(200);
    expect(same.answer.body).toMatchObject({ changed: false, rematch: 'not-needed' });
    expect([same.versionStep, same.rematchRows]).toEqual([0, 0]);
  });

  it('refuses a body whose key is not the one in the path', async () => {
    const answer = await send('PUT', '/v1/profile/areas/culture', coordinator.alvesta ?? {}, {
      ...culture,
      key: 'heritage',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      'invalid area: key: "heritage" is not the key in the path ("culture")',
    );
  });

  it('PATCH merges the fields sent; the area keeps its id', async () => {
    const key = examples.get('alvesta')?.areas[0]?.key ?? '';
    const patched = await measured('alvesta', () =>
      send('PATCH', `/v1/profile/areas/${key}`, coordinator.alvesta ?? {}, {
        keywords: ['språkresa'],
      }),
    );
    expect(patched.answer.status).toBe(200);
    const before = patched.before.areas.find((area) => area.key === key);
    const after = patched.after.areas.find((area) => area.key === key);
    expect(after).toEqual({ ...before, keywords: ['språkresa'] });
    expect(patched.answer.body.area.keywords).toEqual(['språkresa']);
    expect([patched.versionStep, patched.rematchRows]).toEqual([1, 1]);
  });

  it('answers 404 for an area or department the profile does not have', async () => {
    const headers = coordinator.alvesta ?? {};
    const answers = [
      await send('PATCH', '/v1/profile/areas/nowhere', headers, { weight: 2 }),
      await send('DELETE', '/v1/profile/areas/nowhere', headers),
      await send('PATCH', '/v1/profile/departments/nowhere', headers, { name: 'X' }),
      await send('DELETE', '/v1/profile/departments/nowhere', headers),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    expect(answers[0]?.body.message).toBe('No area "nowhere" in this profile');
  });

  it('refuses to delete an area a department lists (409, naming them)', async () => {
    const profile = examples.get('alvesta') as Profile;
    const used = profile.areas.find((area) =>
      profile.departments.some((department) => department.areas.includes(area.key)),
    );
    const users = profile.departments
      .filter((department) => department.areas.includes(used?.key ?? ''))
      .map((department) => department.key);
    const refused = await measured('alvesta', () =>
      send('DELETE', `/v1/profile/areas/${used?.key}`, coordinator.alvesta ?? {}),
    );
    expect(refused.answer.status).toBe(409);
    for (const department of users) expect(refused.answer.body.message).toContain(department);
    expect([refused.versionStep, refused.rematchRows]).toEqual([0, 0]);
    expect(refused.after).toEqual(refused.before);
  });

  it('deletes an area no department lists, with one re-match', async () => {
    await send('PUT', '/v1/profile/areas/to-go', coordinator.alvesta ?? {}, culture);
    const deleted = await measured('alvesta', () =>
      send('DELETE', '/v1/profile/areas/to-go', coordinator.alvesta ?? {}),
    );
    expect(deleted.answer.status).toBe(200);
    expect(deleted.answer.body.area.key).toBe('to-go');
    expect(deleted.answer.body.rematch).toBe('queued');
    expect(deleted.after.areas.map((area) => area.key)).not.toContain('to-go');
    expect([deleted.versionStep, deleted.rematchRows]).toEqual([1, 1]);
  });

  it('creates, changes and deletes a department, one version and re-match each', async () => {
    const headers = coordinator.fredrikstad ?? {};
    const area = examples.get('fredrikstad')?.areas[0]?.key ?? '';
    const steps = [
      () =>
        send('PUT', '/v1/profile/departments/culture', headers, {
          name: 'Kultur',
          areas: [area],
          language: 'nb',
          recipients: ['kultur@fredrikstad.kommune.no'],
        }),
      () => send('PATCH', '/v1/profile/departments/culture', headers, { language: 'en' }),
      () => send('DELETE', '/v1/profile/departments/culture', headers),
    ];
    const results = [];
    for (const step of steps) results.push(await measured('fredrikstad', step));
    expect(results.map((result) => result.answer.status)).toEqual([201, 200, 200]);
    expect(results.map((result) => [result.versionStep, result.rematchRows])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(results[1]?.answer.body.department).toEqual({
      key: 'culture',
      name: 'Kultur',
      areas: [area],
      language: 'en',
      recipients: ['kultur@fredrikstad.kommune.no'],
    });
    expect(results[2]?.after.departments.map((d) => d.key)).not.toContain('culture');
  });

  it('two edits at once both land, one after the other', async () => {
    const headers = coordinator.fredrikstad ?? {};
    const [first, second] = examples.get('fredrikstad')?.areas ?? [];
    const start = (await storedTenant(database.db, 'fredrikstad')).tenant.profileVersion;
    const both = await measured('fredrikstad', async () => {
      const answers = await Promise.all([
        send('PATCH', `/v1/profile/areas/${first?.key}`, headers, { weight: 2 }),
        send('PATCH', `/v1/profile/areas/${second?.key}`, headers, { weight: 0.5 }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers.map((answer) => answer.body.profileVersion).sort()).toEqual([
        start + 1,
        start + 2,
      ]);
      return answers[0] as Answer;
    });
    expect([both.versionStep, both.rematchRows]).toEqual([2, 2]);
    expect(both.after.areas.find((area) => area.key === first?.key)?.weight).toBe(2);
    expect(both.after.areas.find((area) => area.key === second?.key)?.weight).toBe(0.5);
  });

  it('keeps the limits on single adds; a replace at the limit still works', async () => {
    const headers = coordinator.full ?? {};
    const area = await measured('full', () =>
      send('PUT', '/v1/profile/areas/one-more', headers, culture),
    );
    expect(area.answer.status).toBe(409);
    expect(area.answer.body.message).toContain(`${profileLimits.areas} areas`);
    const department = await send('PUT', '/v1/profile/departments/one-more', headers, {
      name: 'En till',
      areas: ['area-0'],
      language: 'sv',
    });
    expect(department.status).toBe(409);
    expect(department.body.message).toContain(`${profileLimits.departments} departments`);
    expect(area.after).toEqual(area.before);
    const replaced = await send('PUT', '/v1/profile/areas/area-1', headers, culture);
    expect(replaced.status).toBe(200);
  });
});
