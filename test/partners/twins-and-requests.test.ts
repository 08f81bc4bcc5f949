import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  organisationIdentifiers,
  organisationSources,
  organisations,
  partnerRequests,
  twinLinks,
} from '../../src/db/schema/index.js';
import { importPartnerFiles } from '../../src/partners/import-files.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { distinct } from '../helpers/partners.js';
import { fixturePath } from '../helpers/shared.js';

const pairsFile = fixturePath(
  'partners',
  'town_twinning',
  'wikidata_p190_relations_nordic_subset.tsv',
);
const namesFile = fixturePath('partners', 'town_twinning', 'wikidata_p190_names_subset.tsv');
// Written by us (no saved SEDIA_PERSON response exists): see the README beside it.
const announcementsFile = fileURLToPath(
  new URL(
    '../fixtures/partners/sedia-person/search_announcements_written-sample.json',
    import.meta.url,
  ),
);

const tsv = (file: string) =>
  parse(readFileSync(file), { delimiter: '\t', quote: false }) as string[][];
const pairs = tsv(pairsFile) as Array<[string, string]>;
const labels = new Map(tsv(namesFile) as Array<[string, string]>);

interface SediaResult {
  reference: string;
  url: string;
  metadata: Record<string, string[]>;
}
const announcements = (
  JSON.parse(readFileSync(announcementsFile, 'utf8')) as { results: SediaResult[] }
).results;
const EMAIL_LIKE = /[\w.+-]+\s*(@|\(at\)|\[at\])\s*[\w-]+\.[a-z]{2,}/i;

describe('partners import: Wikidata twin towns and F&T partner-search announcements', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const countOf = async (table: typeof organisations | typeof twinLinks | typeof partnerRequests) =>
    (await database.db.select({ n: count() }).from(table))[0]?.n;
  const tally = async () => ({
    organisations: await countOf(organisations),
    links: await countOf(twinLinks),
    requests: await countOf(partnerRequests),
  });

  it('makes one organisation per QID and one link per unordered pair, labels from the names file', async () => {
    const summary = await importPartnerFiles(database.db, {
      format: 'wikidata-twins',
      files: [pairsFile, namesFile],
    });
    const qids = distinct(pairs.flat());
    // P190 is stated on both items: A→B and B→A are one link.
    const links = distinct(pairs.map((pair) => [...pair].sort().join('|')));
    expect(links).toBeLessThan(pairs.length);
    expect(summary).toMatchObject({
      rows: pairs.length,
      organisationsNew: qids,
      organisationsMerged: 0,
      skipped: 0,
      requestsNew: 0,
    });
    expect(await tally()).toMatchObject({ organisations: qids, links });
    expect(summary.linksNew).toBe(links);
    const [ordered] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from twin_links where organisation_a::text >= organisation_b::text`,
    );
    expect(ordered?.n).toBe(0);

    const stored = await database.db
      .select({ qid: organisationIdentifiers.value, name: organisations.name })
      .from(organisations)
      .innerJoin(
        organisationIdentifiers,
        eq(organisationIdentifiers.organisationId, organisations.id),
      )
      .where(eq(organisationIdentifiers.scheme, 'wikidata'));
    expect(stored).toHaveLength(qids);
    for (const { qid, name } of stored) expect(name, qid).toBe(labels.get(qid));
    // Gävle is two items, the town and the municipality: two organisations, as Wikidata has it.
    const gavle = stored.filter(({ qid }) => qid === 'Q25748' || qid === 'Q510010');
    expect(gavle.map(({ name }) => name)).toEqual(['Gävle', 'Gävle']);
  });

  it('types twin towns as municipalities, and regions by their names', async () => {
    const regionQids = [...new Set(pairs.flat())].filter((qid) =>
      /\b(landkreis|kreis|region\w*|county council)\b/i.test(labels.get(qid) ?? ''),
    );
    expect(regionQids.length).toBeGreaterThan(0);
    const types = new Map(
      (
        await database.db
          .select({ qid: organisationSources.sourceKey, type: organisations.type })
          .from(organisationSources)
          .innerJoin(organisations, eq(organisations.id, organisationSources.organisationId))
          .where(eq(organisationSources.dataset, 'wikidata'))
      ).map((row) => [row.qid, row.type]),
    );
    for (const qid of regionQids) expect(types.get(qid), labels.get(qid)).toBe('region');
    const municipalities = [...types.values()].filter((type) => type === 'municipality').length;
    expect(municipalities).toBe(types.size - regionQids.length);
  });

  it('adds nothing when the twin towns are imported again', async () => {
    const before = await tally();
    const summary = await importPartnerFiles(database.db, {
      format: 'wikidata-twins',
      files: [pairsFile, namesFile],
    });
    expect(summary).toMatchObject({
      rows: pairs.length,
      organisationsNew: 0,
      organisationsMerged: 0,
      linksNew: 0,
    });
    expect(await tally()).toEqual(before);
  });

  it('stores each announcement with its topic, date and page, and the organisation it names', async () => {
    const before = await tally();
    const summary = await importPartnerFiles(database.db, {
      format: 'sedia-person',
      files: [announcementsFile],
    });
    const named = announcements.filter((result) => result.metadata.organisationName);
    expect(named.length).toBeLessThan(announcements.length);
    expect(summary).toMatchObject({
      rows: announcements.length,
      organisationsNew: distinct(
        named.map((result) => result.metadata.organisationName?.[0] ?? ''),
      ),
      skipped: 0,
      requestsNew: announcements.length,
    });
    const after = await tally();
    expect((after.requests as number) - (before.requests as number)).toBe(announcements.length);

    for (const result of announcements) {
      const key = result.metadata.identifier?.[0] as string;
      const [request] = await database.db
        .select()
        .from(partnerRequests)
        .where(eq(partnerRequests.sourceKey, key));
      expect(request, key).toMatchObject({
        dataset: 'sedia-person',
        callIdentifier: result.metadata.topicIdentifier?.[0],
        url: result.url,
      });
      const published = result.metadata.publicationDate?.[0] ?? '';
      expect(published).not.toBe('');
      // "+0200" is "+02:00": the same instant.
      expect(request?.publishedAt?.getTime()).toBe(
        Date.parse(published.replace(/(\d{2})(\d{2})$/, '$1:$2')),
      );
      const name = result.metadata.organisationName?.[0];
      if (!name) {
        expect(request?.organisationId).toBeNull();
        continue;
      }
      const [organisation] = await database.db
        .select()
        .from(organisations)
        .where(eq(organisations.id, request?.organisationId as string));
      expect(organisation?.name).toBe(name);
      // The portal's EL is GR here.
      const country = result.metadata.country?.[0];
      expect(organisation?.country).toBe(country === 'EL' ? 'GR' : country);
    }
    const typeOf = async (name: string) =>
      (await database.db.select().from(organisations).where(eq(organisations.name, name)))[0]?.type;
    expect(await typeOf('Gävle kommun')).toBe('municipality');
    expect(await typeOf('INNLANDET FYLKESKOMMUNE')).toBe('region');
    expect(await typeOf('ETHNIKO KENTRO EREVNAS MEDIA')).toBe('research');
  });

  it('never stores a contact detail', async () => {
    const published = announcements.flatMap((result) => [
      ...(result.metadata.contactEmail ?? []),
      ...(result.metadata.contactPhone ?? []),
    ]);
    expect(published.length).toBeGreaterThan(0);
    const texts = (await database.db.select().from(partnerRequests)).flatMap((request) => [
      request.title,
      request.text,
    ]);
    const everything = [
      ...texts,
      ...(await database.db.select({ name: organisations.name }).from(organisations)).map(
        (row) => row.name,
      ),
    ].join('\n');
    expect(everything).not.toMatch(EMAIL_LIKE);
    for (const detail of published) expect(everything).not.toContain(detail);
    expect(texts.join('\n')).toContain('[contact details on the announcement page]');
    // A budget and a date are not phone numbers.
    expect(texts.join('\n')).toContain('own budget 1 500 000 EUR, meeting on 2027-05-14');
  });

  it('adds nothing when the announcements are imported again', async () => {
    const before = await tally();
    const requestsBefore = await database.db.select().from(partnerRequests);
    const summary = await importPartnerFiles(database.db, {
      format: 'sedia-person',
      files: [announcementsFile],
    });
    expect(summary).toMatchObject({ organisationsNew: 0, organisationsMerged: 0 });
    expect(await tally()).toEqual(before);
    expect(await database.db.select().from(partnerRequests)).toEqual(requestsBefore);
  });
});
