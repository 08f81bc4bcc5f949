import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalProfile, type Profile } from '../../src/tenants/profile.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp, RecordingPokes, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { type Answer, rematchRows, requester, storedTenant } from './profile-helpers.js';

type Headers = Record<string, string>;

describe('profile API: the whole document', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let send: ReturnType<typeof requester>;
  const clock = new ManualClock(new Date('2026-06-25T08:00:00Z'));
  const pokes = new RecordingPokes();
  const examples = new Map<string, Profile>();
  const keys: Record<'reader' | 'coordinator' | 'admin' | 'otherCoordinator', Headers> = {
    reader: {},
    coordinator: {},
    admin: {},
    otherCoordinator: {},
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const { slug, profile } of await exampleProfiles()) {
      examples.set(slug, profile);
      await importProfile(database.db, slug, profile, clock);
    }
    keys.reader = (await testKey(database.db, clock, 'reader', 'lidingo')).headers;
    keys.coordinator = (await testKey(database.db, clock, 'coordinator', 'lidingo')).headers;
    keys.admin = (await testKey(database.db, clock, 'admin')).headers;
    keys.otherCoordinator = (await testKey(database.db, clock, 'coordinator', 'orebro')).headers;
    app = await buildTestApp({ db: database.db, clock, followUps: pokes });
    send = requester(app);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const example = (slug: string) => {
    const profile = examples.get(slug);
    if (!profile) throw new Error(`no example ${slug}`);
    return profile;
  };

  it('gives a reader the profile as the import took it, with its version and ETag', async () => {
    const { tenant } = await storedTenant(database.db, 'lidingo');
    const answer = await send('GET', '/v1/profile', keys.reader);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      profileVersion: tenant.profileVersion,
      ...canonicalProfile(example('lidingo')),
    });
    expect(answer.headers.etag).toBe(`"profile-lidingo-${tenant.profileVersion}"`);
    const again = await send('GET', '/v1/profile', {
      ...keys.reader,
      'if-none-match': String(answer.headers.etag),
    });
    expect(again.status).toBe(304);
  });

  it('keeps the twin towns the profile names', async () => {
    const answer = await send('GET', '/v1/profile', { ...keys.admin, 'x-tenant': 'alvesta' });
    expect(answer.status).toBe(200);
    expect(answer.body.tenant.twinTowns).toEqual(example('alvesta').tenant.twinTowns);
    expect(answer.body.tenant.twinTowns.length).toBeGreaterThan(0);
  });

  it('an admin names the tenant it reads', async () => {
    expect((await send('GET', '/v1/profile', keys.admin)).status).toBe(400);
    expect(
      (await send('GET', '/v1/profile', { ...keys.admin, 'x-tenant': 'nowhere' })).status,
    ).toBe(404);
    const orebro = await send('GET', '/v1/profile', { ...keys.admin, 'x-tenant': 'orebro' });
    expect(orebro.body.tenant.name).toBe(example('orebro').tenant.name);
  });

  it('sent back unchanged, changes nothing: same version, no re-match', async () => {
    const before = await storedTenant(database.db, 'lidingo');
    const rows = await rematchRows(database.db, before.tenant.id);
    const poked = pokes.count;
    const read = await send('GET', '/v1/profile', keys.coordinator);
    const written = await send('PUT', '/v1/profile', keys.coordinator, read.body);
    expect(written.status).toBe(200);
    expect(written.body).toEqual({
      changed: false,
      profileVersion: before.tenant.profileVersion,
      rematch: 'not-needed',
    });
    expect(await rematchRows(database.db, before.tenant.id)).toBe(rows);
    expect(pokes.count).toBe(poked);
    expect(await storedTenant(database.db, 'lidingo')).toEqual(before);
  });

  it('takes areas and departments in any order; the file import agrees it is unchanged', async () => {
    const before = await storedTenant(database.db, 'fredrikstad');
    const asFredrikstad = { ...keys.admin, 'x-tenant': 'fredrikstad', 'if-match': '*' };
    const document = (await send('GET', '/v1/profile', asFredrikstad)).body;
    document.areas.reverse();
    document.departments.reverse();
    const written = await send('PUT', '/v1/profile', asFredrikstad, document);
    expect(written.body).toMatchObject({ changed: false, rematch: 'not-needed' });
    const reimported = await importProfile(
      database.db,
      'fredrikstad',
      example('fredrikstad'),
      clock,
    );
    expect(reimported).toMatchObject({
      changed: false,
      profileVersion: before.tenant.profileVersion,
    });
    expect(await storedTenant(database.db, 'fredrikstad')).toEqual(before);
  });

  it('stores a changed document: version up, one re-match, areas keep their ids', async () => {
    const before = await storedTenant(database.db, 'lidingo');
    const rows = await rematchRows(database.db, before.tenant.id);
    const poked = pokes.count;
    const document = (await send('GET', '/v1/profile', keys.coordinator)).body;
    document.areas[0].keywords.push('medborgardialog');
    const written = await send('PUT', '/v1/profile', keys.coordinator, document);
    expect(written.body).toEqual({
      changed: true,
      profileVersion: before.tenant.profileVersion + 1,
      rematch: 'queued',
    });
    expect(written.headers.etag).toBe(`"profile-lidingo-${before.tenant.profileVersion + 1}"`);
    expect(await rematchRows(database.db, before.tenant.id)).toBe(rows + 1);
    expect(pokes.count).toBe(poked + 1);
    const after = await storedTenant(database.db, 'lidingo');
    expect(after.areas.map((area) => area.id)).toEqual(before.areas.map((area) => area.id));
    expect(after.areas[0]?.keywords).toContain('medborgardialog');
  });

  it('refuses a write made against an older version (If-Match) with 412', async () => {
    const read = await send('GET', '/v1/profile', keys.coordinator);
    const etag = String(read.headers.etag);
    const first = structuredClone(read.body);
    first.tenant.name = 'Lidingö stad (ny)';
    const accepted = await send(
      'PUT',
      '/v1/profile',
      { ...keys.coordinator, 'if-match': etag },
      first,
    );
    expect(accepted.status).toBe(200);
    const before = await storedTenant(database.db, 'lidingo');
    const stale = await send(
      'PUT',
      '/v1/profile',
      { ...keys.coordinator, 'if-match': etag },
      read.body,
    );
    expect(stale.status).toBe(412);
    expect(stale.body.message).toMatch(/version/);
    expect(await storedTenant(database.db, 'lidingo')).toEqual(before);
    const staleEntry = await send(
      'PATCH',
      '/v1/profile/areas/health',
      { ...keys.coordinator, 'if-match': etag },
      { weight: 2 },
    );
    expect(staleEntry.status).toBe(412);
  });

  /** Every write route, with a body it would take. */
  const writes = (document: Profile): Array<[string, string, unknown]> => [
    ['PUT', '/v1/profile', document],
    ['PUT', '/v1/profile/areas/health', { name: 'Hälsa', keywords: ['folkhälsa'] }],
    ['PATCH', '/v1/profile/areas/health', { weight: 2 }],
    ['DELETE', '/v1/profile/areas/urban', undefined],
    ['PUT', '/v1/profile/departments/social', { name: 'S', areas: ['health'], language: 'sv' }],
    ['PATCH', '/v1/profile/departments/social', { name: 'X' }],
    ['DELETE', '/v1/profile/departments/social', undefined],
  ];

  it('a reader cannot write, by any route', async () => {
    const before = await storedTenant(database.db, 'lidingo');
    const document = (await send('GET', '/v1/profile', keys.reader)).body;
    const answers: Answer[] = [];
    for (const [method, url, body] of writes(document)) {
      answers.push(await send(method as 'PUT', url, keys.reader, body));
    }
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 403));
    expect(await storedTenant(database.db, 'lidingo')).toEqual(before);
  });

  it('no route answers without a key', async () => {
    const routes = [['GET', '/v1/profile', undefined], ...writes(example('lidingo'))] as const;
    const answers: Answer[] = [];
    for (const [method, url, body] of routes)
      answers.push(await send(method as 'PUT', url, {}, body));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 401));
  });

  it('a coordinator naming another tenant still reads and writes its own only', async () => {
    const orebroBefore = await storedTenant(database.db, 'orebro');
    const asOrebro = { ...keys.coordinator, 'x-tenant': 'orebro' };
    const read = await send('GET', '/v1/profile', asOrebro);
    expect(read.body.tenant.name).toBe((await storedTenant(database.db, 'lidingo')).tenant.name);
    // Both have a department "social": the write lands on Lidingö's.
    const patched = await send('PATCH', '/v1/profile/departments/social', asOrebro, {
      name: 'Socialförvaltningen Lidingö',
    });
    expect(patched.status).toBe(200);
    // Örebro's own area is not found for Lidingö's key.
    expect(
      (await send('PATCH', '/v1/profile/areas/networks', asOrebro, { weight: 2 })).status,
    ).toBe(404);
    const lidingo = await storedTenant(database.db, 'lidingo');
    expect(lidingo.departments.find((d) => d.key === 'social')?.name).toBe(
      'Socialförvaltningen Lidingö',
    );
    expect(await storedTenant(database.db, 'orebro')).toEqual(orebroBefore);
  });

  it('an admin writes the tenant it names, and only that one', async () => {
    const lidingoBefore = await storedTenant(database.db, 'lidingo');
    const orebroBefore = await storedTenant(database.db, 'orebro');
    const asAdmin = { ...keys.admin, 'x-tenant': 'orebro' };
    const patched = await send('PATCH', '/v1/profile/areas/networks', asAdmin, { weight: 1.5 });
    expect(patched.status).toBe(200);
    expect(patched.body.area.weight).toBe(1.5);
    expect(patched.body.profileVersion).toBe(orebroBefore.tenant.profileVersion + 1);
    expect(await storedTenant(database.db, 'lidingo')).toEqual(lidingoBefore);
    // And another tenant's coordinator sees Örebro's change only in Örebro's profile.
    const own = await send('GET', '/v1/profile', keys.otherCoordinator);
    expect(own.body.areas.find((a: { key: string }) => a.key === 'networks').weight).toBe(1.5);
  });

  it('an import asked to queue the re-match records it with the change, once', async () => {
    const profile = structuredClone(example('alvesta'));
    profile.tenant.name = 'Alvesta kommun (import)';
    const { tenant } = await storedTenant(database.db, 'alvesta');
    const rows = await rematchRows(database.db, tenant.id);
    const first = await importProfile(database.db, 'alvesta', profile, clock, {
      queueRematch: true,
    });
    const again = await importProfile(database.db, 'alvesta', profile, clock, {
      queueRematch: true,
    });
    expect([first.changed, again.changed]).toEqual([true, false]);
    expect(await rematchRows(database.db, tenant.id)).toBe(rows + 1);
  });

  it('is in the OpenAPI document, which a validator accepts', async () => {
    const openapi = (await send('GET', '/docs/json', {})).body;
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/v1/profile',
        '/v1/profile/areas/{key}',
        '/v1/profile/departments/{key}',
      ]),
    );
    expect(Object.keys(openapi.paths['/v1/profile/areas/{key}'])).toEqual(
      expect.arrayContaining(['put', 'patch', 'delete']),
    );
    await expect(SwaggerParser.validate(structuredClone(openapi))).resolves.toBeDefined();
  });
});
