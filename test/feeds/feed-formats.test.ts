import { eq, inArray, sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import nodeIcal from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../scrapers/dates.js';
import { BRUSSELS } from '../../scrapers/ft-portal/normalise.js';
import { callDeadlines, calls } from '../../src/db/schema/index.js';
import { FEED_MATCH_LIMIT } from '../../src/feeds/feed-matches.js';
import { RENDER_TTL_MS } from '../../src/feeds/render-cache.js';
import { departmentMatches } from '../../src/matching/department-matches.js';
import { recordFeedback } from '../../src/matching/feedback-store.js';
import { createMatchingDeps, rematchTenants } from '../../src/matching/service.js';
import { exampleProfiles } from '../../src/tenants/profile-file.js';
import { importProfile } from '../../src/tenants/repository.js';
import { buildTestApp, testKey } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ingestSnapshot } from '../helpers/ingest.js';
import { silentLogger } from '../helpers/workers.js';

const BASE = 'https://radar.example.org';
const DAY = '2026-06-25';
const ATOM = 'http://www.w3.org/2005/Atom';

interface JsonFeed {
  tenant: { name: string };
  department: { key: string; name: string; language: string };
  items: Array<{
    call: { id: string; title: string; sourceUrl: string; nextDeadlineAt: string | null };
    area: string;
    explanation: { text: string };
  }>;
}

/** An Atom entry as fast-xml-parser reads it (attributes as @_name, text as #text). */
interface AtomEntry {
  id: string;
  title: { '#text': string };
  link: Array<{ '@_href': string }>;
  updated: string;
  summary: { '#text': string };
  content: { '#text': string };
}

const atomParser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => name === 'entry' || name === 'link',
});
const unescapeHtml = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

describe("a department's feed as JSON, Atom and iCalendar", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock(startOfLocalDay(DAY, BRUSSELS));
  let tenantId: string;
  let departmentKey: string;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await ingestSnapshot(database.db, DAY);
    for (const { slug, profile } of await exampleProfiles()) {
      const { tenantId: id } = await importProfile(database.db, slug, profile, clock);
      if (slug === 'lidingo') tenantId = id;
    }
    await rematchTenants(createMatchingDeps(database.db, silentLogger), { now: clock.now() });
    // The department with the most matches: the feed has something to show.
    const lidingo = (await exampleProfiles()).find((entry) => entry.slug === 'lidingo');
    let most = -1;
    for (const { key } of lidingo?.profile.departments ?? []) {
      const count = (await departmentMatches(database.db, { tenantId, departmentKey: key })).length;
      if (count > most) [most, departmentKey] = [count, key];
    }
    app = await buildTestApp({ db: database.db, clock, api: { publicBaseUrl: BASE } });
    const { headers } = await testKey(database.db, clock, 'coordinator', 'lidingo');
    const created = await app.inject({
      method: 'POST',
      url: '/v1/feeds',
      headers,
      payload: { department: departmentKey },
    });
    token = created.json().token;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const read = (format: 'json' | 'atom' | 'ics') =>
    app.inject({ method: 'GET', url: `/v1/feeds/${token}/matches.${format}` });
  const readJson = async () => (await read('json')).json() as JsonFeed;
  const atomEntries = async () => {
    const parsed = atomParser.parse((await read('atom')).body);
    return { feed: parsed.feed, entries: (parsed.feed.entry ?? []) as AtomEntry[] };
  };
  const icsEvents = async () =>
    Object.values(nodeIcal.sync.parseICS((await read('ics')).body)).filter(
      (component) => component?.type === 'VEVENT',
    ) as nodeIcal.VEvent[];
  /** Past the render cache's bound: what follows is read from the database again. */
  const afterRenderCache = () => clock.set(new Date(clock.now().getTime() + RENDER_TTL_MS + 1));

  /** What the feed should show, from the database: matches of open and forthcoming calls. */
  const expectedCallIds = async () => {
    const matched = await departmentMatches(database.db, { tenantId, departmentKey });
    const live = await database.db
      .select({ id: calls.id })
      .from(calls)
      .where(sql`${calls.status} in ('open', 'forthcoming')`);
    const liveIds = new Set(live.map((row) => row.id));
    return matched.map((match) => match.callId).filter((id) => liveIds.has(id));
  };

  it('JSON: the matched calls best first, explained in the department’s language', async () => {
    const response = await read('json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('private, max-age=300');
    const feed = response.json() as JsonFeed;
    const expected = await expectedCallIds();
    expect(expected.length).toBeGreaterThan(2);
    expect(feed.items.map((item) => item.call.id)).toEqual(expected);
    expect(feed).toMatchObject({ tenant: { slug: 'lidingo' }, department: { key: departmentKey } });
    expect(feed.department.language).toBe('sv');
    // Swedish phrases from explanationLine: "sista dag om N dagar" for a dated call.
    const dated = feed.items.find((item) => item.call.nextDeadlineAt !== null);
    expect(dated?.explanation.text).toMatch(/sista dag om \d+ dagar/);
  });

  it('Atom: parses as Atom, one entry per matched call with stable ids and both links', async () => {
    const response = await read('atom');
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const { feed, entries } = await atomEntries();
    expect(feed['@_xmlns']).toBe(ATOM);
    const items = (await readJson()).items;
    expect(entries).toHaveLength(items.length);
    const stored = await database.db
      .select({ id: calls.id, updatedAt: calls.updatedAt })
      .from(calls)
      .where(
        inArray(
          calls.id,
          items.map((item) => item.call.id),
        ),
      );
    const updatedAt = new Map(stored.map((row) => [row.id, row.updatedAt.toISOString()]));
    items.forEach((item, index) => {
      const entry = entries[index] as AtomEntry;
      expect(entry.id).toBe(`urn:uuid:${item.call.id}`);
      expect(unescapeHtml(entry.title['#text'])).toBe(item.call.title);
      expect(entry.link[0]?.['@_href']).toBe(new URL(item.call.sourceUrl).toString());
      expect(entry.updated).toBe(updatedAt.get(item.call.id));
      expect(unescapeHtml(entry.summary['#text'])).toContain(item.explanation.text);
      expect(entry.content['#text']).toContain(`${BASE}/v1/calls/${item.call.id}`);
    });
  });

  it('iCalendar: one event per deadline, in the deadline’s own time zone, at the stored instant', async () => {
    const response = await read('ics');
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.body).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels');
    expect(response.body).toMatch(/REFRESH-INTERVAL;VALUE=DURATION:PT1H/);
    const json = await readJson();
    const ids = json.items.map((item) => item.call.id);
    expect(response.body).toContain(
      `X-WR-CALNAME:${json.tenant.name} – ${json.department.name}: deadlines`,
    );
    const deadlines = await database.db
      .select()
      .from(callDeadlines)
      .where(inArray(callDeadlines.callId, ids));
    const events = await icsEvents();
    expect(events).toHaveLength(deadlines.length);
    const byUid = new Map(events.map((event) => [event.uid, event]));
    for (const deadline of deadlines) {
      const event = byUid.get(`${deadline.callId}-${deadline.stage}@callradar`);
      expect(event, `${deadline.callId} stage ${deadline.stage}`).toBeDefined();
      expect(deadline.timeZone).toBe('Europe/Brussels');
      expect(event?.start.tz).toBe(deadline.timeZone);
      expect(event?.start.toISOString()).toBe(deadline.deadlineAt.toISOString());
      const item = json.items.find((entry) => entry.call.id === deadline.callId);
      // node-ical keeps URL;VALUE=URI as { params, val }.
      const url = event?.url as unknown as string | { val: string };
      expect(typeof url === 'string' ? url : url.val).toBe(
        new URL(item?.call.sourceUrl ?? '').toString(),
      );
      expect(event?.description).toBe(item?.explanation.text);
      expect(Object.values(event?.alarms ?? {})).toHaveLength(1);
    }
  });

  it('escapes scraped text: a title with markup reads back as the same text', async () => {
    const [first] = (await readJson()).items;
    const shown = 'Cities & <b>towns</b> ]]> "twinning"';
    // A control character (not allowed in XML or iCalendar) is left out, the rest kept.
    const title = `${shown}\u0007`;
    await database.db
      .update(calls)
      .set({ title })
      .where(eq(calls.id, first?.call.id as string));
    afterRenderCache();
    const { entries } = await atomEntries();
    expect(unescapeHtml(entries[0]?.title['#text'] ?? '')).toBe(shown);
    const events = await icsEvents();
    const summaries = events
      .filter((event) => event.uid.startsWith(first?.call.id as string))
      .map((event) => String(event.summary));
    expect(summaries.length).toBeGreaterThan(0);
    // A two-stage call's events add "(1/2)" after the title.
    for (const summary of summaries) expect(summary.replace(/ \(\d\/\d\)$/, '')).toBe(shown);
  });

  it('leaves out a call the department muted, in all three formats', async () => {
    const [first] = (await readJson()).items;
    const callId = first?.call.id as string;
    await recordFeedback(
      database.db,
      { tenantId, areaKey: first?.area as string, callId, verdict: 'muted' },
      clock,
    );
    afterRenderCache();
    expect((await readJson()).items.map((item) => item.call.id)).not.toContain(callId);
    expect((await atomEntries()).entries.map((entry) => entry.id)).not.toContain(
      `urn:uuid:${callId}`,
    );
    expect((await icsEvents()).some((event) => event.uid.startsWith(callId))).toBe(false);
  });

  it('drops a call from all three once the clock passes its last deadline, without a poll', async () => {
    const before = (await readJson()).items.map((item) => item.call.id);
    // Read before any request at the new time: no sweep has closed anything yet.
    const matched = (
      await departmentMatches(database.db, { tenantId, departmentKey, limit: 100_000 })
    ).map((match) => match.callId);
    const deadlines = await database.db
      .select({ callId: callDeadlines.callId, at: sql<string>`max(${callDeadlines.deadlineAt})` })
      .from(callDeadlines)
      .where(inArray(callDeadlines.callId, matched))
      .groupBy(callDeadlines.callId);
    const lastDeadline = new Map(deadlines.map((row) => [row.callId, new Date(row.at).getTime()]));
    const earliest = Math.min(...before.map((id) => lastDeadline.get(id) ?? Infinity));
    // A second before, the call is still shown (and the rendered feed cached); a moment after
    // its deadline, well within the render cache's bound, it is gone.
    clock.set(new Date(earliest - 1_000));
    expect((await readJson()).items.map((item) => item.call.id)).toEqual(
      expect.arrayContaining(before.filter((id) => lastDeadline.get(id) === earliest)),
    );
    clock.set(new Date(earliest + 1));
    const open = (id: string) => (lastDeadline.get(id) ?? Infinity) > earliest;
    const gone = before.filter((id) => !open(id));
    const expected = matched.filter(open).slice(0, FEED_MATCH_LIMIT);
    expect(gone.length).toBeGreaterThan(0);
    expect((await readJson()).items.map((item) => item.call.id)).toEqual(expected);
    expect((await atomEntries()).entries.map((entry) => entry.id)).toEqual(
      expected.map((id) => `urn:uuid:${id}`),
    );
    const uids = (await icsEvents()).map((event) => event.uid);
    for (const id of gone) expect(uids.some((uid) => uid.startsWith(id))).toBe(false);
    expect(new Set(uids.map((uid) => uid.slice(0, 36)))).toEqual(new Set(expected));
  });
});
