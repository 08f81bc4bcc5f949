import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Profile } from '../../src/tenants/profile.js';
import { exampleProfiles, loadProfileFile } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp, RecordingPokes, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { storedTenant } from '../tenants/profile-helpers.js';

/** The profile's digest settings, through GET/PUT /v1/profile and the YAML import alike. */
describe('the profile: digest schedule, coordinators, department thresholds', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let coordinator: Record<string, string>;
  const clock = new ManualClock(new Date('2026-06-25T08:00:00Z'));
  let lidingo: Profile;

  const send = async (method: 'GET' | 'PUT', payload?: unknown) => {
    const response = await app.inject({
      method,
      url: '/v1/profile',
      headers: coordinator,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: response.json() };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const { slug, profile } of await exampleProfiles()) {
      if (slug === 'lidingo') lidingo = profile;
      await importProfile(database.db, slug, profile, clock);
    }
    coordinator = (await testKey(database.db, clock, 'coordinator', 'lidingo')).headers;
    app = await buildTestApp({ db: database.db, clock, followUps: new RecordingPokes() });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('shows the defaults of a profile that names none: Monday 07:00, no coordinators', async () => {
    const answer = await send('GET');
    expect(answer.status).toBe(200);
    expect(answer.body.tenant.digest).toEqual({
      weekday: 1,
      hour: 7,
      enabled: true,
      sendEmpty: false,
    });
    expect(answer.body.tenant.coordinators).toEqual([]);
    for (const department of answer.body.departments)
      expect(department).not.toHaveProperty('digestMinScore');
  });

  it('stores what a PUT says in the tenant and department rows, and GET gives it back', async () => {
    const read = await send('GET');
    const { profileVersion: _, ...document } = read.body;
    document.tenant.digest = { weekday: 3, hour: 9, sendEmpty: true };
    document.tenant.coordinators = ['international@lidingo.se'];
    document.departments[0].digestMinScore = 55.5;
    const written = await send('PUT', document);
    expect(written.status).toBe(200);
    expect(written.body.changed).toBe(true);
    const { tenant, departments } = await storedTenant(database.db, 'lidingo');
    expect(tenant).toMatchObject({
      digestWeekday: 3,
      digestHour: 9,
      digestEnabled: true,
      digestSendEmpty: true,
      coordinatorEmails: ['international@lidingo.se'],
    });
    const first = departments.find((row) => row.key === document.departments[0].key);
    expect(first?.digestMinScore).toBeCloseTo(55.5, 3);
    const again = await send('GET');
    expect(again.body.tenant.digest).toEqual({
      weekday: 3,
      hour: 9,
      enabled: true,
      sendEmpty: true,
    });
    expect(again.body.departments[0].digestMinScore).toBe(55.5);
    // Sent back as read, it changes nothing.
    const { profileVersion: __, ...unchanged } = again.body;
    expect((await send('PUT', unchanged)).body.changed).toBe(false);
  });

  it('takes "off" for the whole schedule', async () => {
    const { profileVersion: _, ...document } = (await send('GET')).body;
    document.tenant.digest = 'off';
    expect((await send('PUT', document)).status).toBe(200);
    expect((await storedTenant(database.db, 'lidingo')).tenant.digestEnabled).toBe(false);
    expect((await send('GET')).body.tenant.digest.enabled).toBe(false);
  });

  it.each([
    [{ weekday: 8, hour: 7 }, 'tenant.digest.weekday: must be at most 7'],
    [{ weekday: 1, hour: 24 }, 'tenant.digest.hour: must be at most 23'],
    [{ weekday: 1 }, 'tenant.digest.hour: is missing'],
    [{ weekday: 1, hour: 7, sendEmtpy: true }, 'tenant.digest.sendEmtpy: unknown field'],
    ['sometimes', 'tenant.digest: must be'],
  ])('names the field of a bad schedule %j', async (digest, message) => {
    const { profileVersion: _, ...document } = (await send('GET')).body;
    document.tenant.digest = digest;
    const answer = await send('PUT', document);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(message);
  });

  it('names a bad coordinator address and a threshold out of range', async () => {
    const { profileVersion: _, ...document } = (await send('GET')).body;
    document.tenant.coordinators = ['not-an-address'];
    let answer = await send('PUT', document);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(
      'tenant.coordinators[0]: "not-an-address" is not an e-mail address',
    );
    document.tenant.coordinators = [];
    document.departments[1].digestMinScore = 120;
    answer = await send('PUT', document);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('departments[1].digestMinScore');
  });

  it('reads the same fields from a YAML profile, with the same messages', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'callradar-profile-'));
    const good = path.join(folder, 'good.yaml');
    await writeFile(
      good,
      stringify({
        ...lidingo,
        tenant: { ...lidingo.tenant, digest: { weekday: 5, hour: 6 }, coordinators: ['a@b.se'] },
        departments: lidingo.departments.map((d) => ({ ...d, digestMinScore: 60 })),
      }),
    );
    const profile = await loadProfileFile(good);
    expect(profile.tenant.digest).toEqual({ weekday: 5, hour: 6 });
    expect(profile.departments.every((d) => d.digestMinScore === 60)).toBe(true);
    const bad = path.join(folder, 'bad.yaml');
    await writeFile(
      bad,
      stringify({ ...lidingo, tenant: { ...lidingo.tenant, digest: { weekday: 0, hour: 6 } } }),
    );
    await expect(loadProfileFile(bad)).rejects.toThrow(
      `${bad}: invalid profile: tenant.digest.weekday: must be at least 1`,
    );
  });
});
