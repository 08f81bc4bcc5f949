import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPartnerFiles } from '../../src/partners/import-files.js';
import { searchPartners } from '../../src/partners/search.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fixturePath } from '../helpers/shared.js';

const rcnFile = fixturePath(
  'partners',
  'norway_forskningsradet',
  'bevilgningereu_h2020_sample.csv',
);

/**
 * Partner search over the Norwegian file's real projects (English titles): Swedish and
 * Norwegian queries reach them through the matcher's vocabulary.
 */
describe('searchPartners', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await importPartnerFiles(database.db, { format: 'rcn-grants', files: [rcnFile] });
  });

  afterAll(async () => {
    await database?.drop();
  });

  const top = async (q: string, extra: Partial<Parameters<typeof searchPartners>[1]> = {}) =>
    searchPartners(database.db, { q, limit: 5, ...extra });

  it('finds English-titled projects for a Swedish query, with the projects as evidence', async () => {
    const hits = await top('äldreomsorg');
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      expect(hit.evidence.length).toBeGreaterThan(0);
      for (const project of hit.evidence) {
        expect(project.title).toMatch(/^[\x20-\x7E–’]+$/u);
        expect(['coordinator', 'partner']).toContain(project.role);
      }
    }
  });

  it('gives the same top three organisations for the query in Norwegian and in English', async () => {
    const norwegian = (await top('eldreomsorg')).map((hit) => hit.organisationId);
    const english = (await top('elderly care')).map((hit) => hit.organisationId);
    expect(norwegian.length).toBeGreaterThan(0);
    // The same organisations; a compound ("eldre|omsorg") weighs its parts a little
    // differently from the English phrase, so close scores may swap places.
    expect(norwegian.slice(0, 3).sort()).toEqual(english.slice(0, 3).sort());
  });

  it('filters by type, country and years', async () => {
    const universities = await top('klimatanpassning', { types: ['university'] });
    expect(universities.length).toBeGreaterThan(0);
    for (const hit of universities) expect(hit.type).toBe('university');
    expect(await top('klimatanpassning', { countries: ['SE'] })).toEqual([]);
    const late = await top('klimatanpassning', { from: 2021 });
    for (const hit of late)
      for (const project of hit.evidence)
        expect(project.years[1] ?? project.years[0] ?? 0).toBeGreaterThanOrEqual(2021);
  });

  it('answers nothing for words outside any concept, and refuses an empty query', async () => {
    expect(await top('qqqzzz')).toEqual([]);
    await expect(top('  ')).rejects.toThrow(/^q: /);
  });
});
