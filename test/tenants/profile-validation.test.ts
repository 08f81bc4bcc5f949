import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Profile } from '../../src/tenants/profile.js';
import { exampleProfiles, loadProfileFile } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { rematchRows, requester, storedTenant } from './profile-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: each case breaks the document in its own way
type Editable = any;

/** Each case breaks Lidingö's profile one way; the message names the field as a person reads it. */
const cases: Array<[string, (profile: Editable) => void, string]> = [
  [
    'an unknown area in a department',
    (p) => {
      p.departments[2].areas[0] = 'x';
    },
    'departments[2].areas[0]: unknown area "x"',
  ],
  [
    'a duplicate area key',
    (p) => {
      p.areas.push({ ...p.areas[0] });
    },
    'areas[3].key: "health" is used twice (also areas[0])',
  ],
  [
    'a duplicate department key',
    (p) => {
      p.departments.push({ ...p.departments[1] });
    },
    'departments[6].key: "education" is used twice (also departments[1])',
  ],
  [
    'a bad e-mail address',
    (p) => {
      p.departments[0].recipients = ['international@lidingo.se', 'foo@'];
    },
    'departments[0].recipients[1]: "foo@" is not an e-mail address',
  ],
  [
    'an address without a domain',
    (p) => {
      p.departments[0].recipients = ['anna@lidingo'];
    },
    'departments[0].recipients[0]: "anna@lidingo" is not an e-mail address',
  ],
  [
    'an unsupported language',
    (p) => {
      p.departments[0].language = 'de';
    },
    'departments[0].language: "de" is not supported; use sv, nb, da, fi or en',
  ],
  [
    'a time zone that does not exist',
    (p) => {
      p.tenant.timezone = 'Europe/Stokholm';
    },
    'tenant.timezone: "Europe/Stokholm" is not a time zone; use an IANA name such as Europe/Stockholm',
  ],
  [
    'a country that is not a code',
    (p) => {
      p.tenant.country = 'Sverige';
    },
    'tenant.country: "Sverige" is not a country code: use two capital letters (ISO 3166-1 alpha-2), e.g. SE',
  ],
  [
    'a key that is not a key',
    (p) => {
      p.areas[1].key = 'Skola och unga';
      p.departments = [];
    },
    'areas[1].key: "Skola och unga" is not a valid key: use lower-case letters, digits, - and _, starting with a letter or digit',
  ],
  [
    'a misspelt field',
    (p) => {
      p.areas[0].keyword = ['x'];
    },
    'areas[0].keyword: unknown field',
  ],
  [
    'a NUL byte',
    (p) => {
      p.areas[0].name = 'Hälsa\u0000';
    },
    'areas[0].name: must not contain control characters',
  ],
];

describe('profile validation: the API and the file import say the same', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let send: ReturnType<typeof requester>;
  let folder: string;
  let lidingo: Profile;
  let headers: Record<string, string>;
  const clock = new ManualClock(new Date('2026-06-25T08:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = await mkdtemp(path.join(tmpdir(), 'callradar-profile-'));
    const example = (await exampleProfiles()).find(({ slug }) => slug === 'lidingo');
    if (!example) throw new Error('no Lidingö example');
    lidingo = example.profile;
    await importProfile(database.db, 'lidingo', lidingo, clock);
    headers = (await testKey(database.db, clock, 'coordinator', 'lidingo')).headers;
    app = await buildTestApp({ db: database.db, clock });
    send = requester(app);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it.each(cases)('names the field for %s', async (_, breakIt, message) => {
    const broken = structuredClone(lidingo) as Editable;
    breakIt(broken);
    const before = await storedTenant(database.db, 'lidingo');
    const rows = await rematchRows(database.db, before.tenant.id);

    const answer = await send('PUT', '/v1/profile', headers, broken);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(`invalid profile: ${message}`);
    expect(await storedTenant(database.db, 'lidingo')).toEqual(before);
    expect(await rematchRows(database.db, before.tenant.id)).toBe(rows);

    const file = path.join(folder, 'lidingo.yaml');
    await writeFile(file, stringify(broken));
    await expect(loadProfileFile(file)).rejects.toThrow(`${file}: invalid profile: ${message}`);
  });

  it('names the body field on the single-entry routes', async () => {
    const answers = await Promise.all([
      send('PATCH', '/v1/profile/departments/social', headers, { areas: ['health', 'x'] }),
      send('PATCH', '/v1/profile/departments/social', headers, {
        recipients: ['a@lidingo.se', 'foo@'],
      }),
      send('PATCH', '/v1/profile/departments/social', headers, { language: 'de' }),
      send('PUT', '/v1/profile/areas/culture', headers, { name: 'Kultur', keywords: [''] }),
      send('PATCH', '/v1/profile/areas/health', headers, { weight: 7 }),
      send('PATCH', '/v1/profile/areas/Hälsa', headers, { weight: 2 }),
    ]);
    expect(answers.map((answer) => [answer.status, answer.body.message])).toEqual([
      [400, 'invalid department: areas[1]: unknown area "x"'],
      [400, 'invalid department: recipients[1]: "foo@" is not an e-mail address'],
      [400, 'invalid department: language: "de" is not supported; use sv, nb, da, fi or en'],
      [400, 'invalid area: keywords[0]: must not be empty'],
      [400, 'invalid area: weight: must be at most 3'],
      [
        400,
        'key: "Hälsa" is not a valid key: use lower-case letters, digits, - and _, starting with a letter or digit',
      ],
    ]);
  });

  it('accepts good addresses, as digests will need them', async () => {
    const answer = await send('PATCH', '/v1/profile/departments/social', headers, {
      recipients: ['anna.svensson@lidingo.se', 'international+eu@lidingo.se'],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.department.recipients).toEqual([
      'anna.svensson@lidingo.se',
      'international+eu@lidingo.se',
    ]);
  });
});
