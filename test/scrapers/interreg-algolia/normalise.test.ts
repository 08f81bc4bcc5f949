import { describe, expect, it } from 'vitest';
import { normaliseHit } from '../../../scrapers/interreg-algolia/normalise.js';
import { parseAlgoliaResponse } from '../../../scrapers/interreg-algolia/parse.js';
import { recordsOf } from '../../../scrapers/interreg-algolia/records.js';
import { callDefaults } from '../../../scrapers/kind-settings.js';
import type { NormalisedCall } from '../../../scrapers/types.js';
import { recordedHits, recording, recordingBody } from './fixtures.js';

const BASE_URL = 'https://interreg.eu/calls-for-projects/';
const context = { baseUrl: BASE_URL, defaults: callDefaults({}) };

function callsOf(body: string): ReturnType<typeof recordsOf> {
  return recordsOf([parseAlgoliaResponse(body, 'recording')], context);
}

function byKey(records: NormalisedCall[], naturalKey: string): NormalisedCall {
  const call = records.find((record) => record.naturalKey === naturalKey);
  if (!call) throw new Error(`no record ${naturalKey}`);
  return call;
}

describe('interreg-algolia: the shared Algolia recording', () => {
  const result = callsOf(recordingBody);

  it('makes one call per hit, and says that Algolia announced more than arrived', () => {
    expect(result.records).toHaveLength(recordedHits.length);
    expect(result.received).toBe(recordedHits.length);
    expect(result.skipped).toBe(0);
    expect(result.pages).toBe(1);
    // The recording kept 2 of 3 hits; nbHits still says 3.
    expect(result.warnings).toEqual([
      `Algolia announced ${recording.results[0]?.nbHits} calls, ${recordedHits.length} arrived`,
    ]);
  });

  it('reads the SUDOE capitalisation call: title, ids, programme, dates in UTC, links', () => {
    const call = byKey(result.records, 'callForProjectsPage_3129');
    expect(call.title).toBe('3rd Interreg Sudoe call: on the road to capitalisation');
    expect(call.identifier).toBe('INTERREG-3129');
    expect(call.programmeName).toBe('Interreg South West Europe (SUDOE)');
    expect(call.programmeCode).toBeNull();
    expect(call.programmeStrands).toEqual(['INTERREG']);
    expect(call.typeOfAction).toBe('Interreg call for projects');
    expect(call.openingAt?.toISOString()).toBe('2026-05-04T00:00:00.000Z');
    expect(call.deadlines).toEqual([
      {
        stage: 1,
        deadlineAt: new Date('2026-09-30T00:00:00Z'),
        localDate: '2026-09-30',
        timeZone: 'UTC',
      },
    ]);
    expect(call.sourceUrl).toBe(
      'https://interreg.eu/calls-for-projects/3rd-interreg-sudoe-call-on-the-road-to-capitalisation/',
    );
    expect(call.links).toEqual([
      { label: 'Programme call page', url: 'https://interreg-sudoe.eu/3a-convocatoria/' },
      { label: 'interreg.eu call page', url: call.sourceUrl },
    ]);
    expect(call.tags).toEqual(['Better Governance']);
    expect(call.keywords).toContain('Local public authority');
    expect(call.keywords).toHaveLength(recordedHits[0]?.targetAudience.length ?? -1);
    expect(call.language).toBe('en');
  });

  it('reads the wildfires call: its own deadline, two themes, its programme page', () => {
    const call = byKey(result.records, 'callForProjectsPage_3090');
    expect(call.title).toBe(
      'Open call for structuring projects (topics: Wildfires; ageing population)',
    );
    expect(call.deadlines.map((deadline) => deadline.deadlineAt.toISOString())).toEqual([
      '2026-10-30T00:00:00.000Z',
    ]);
    expect(call.deadlines[0]?.localDate).toBe('2026-10-30');
    expect(call.deadlines[0]?.timeZone).toBe('UTC');
    expect(call.tags).toEqual(['Greener Europe', 'Social Europe']);
    expect(call.links[0]).toEqual({
      label: 'Programme call page',
      url: 'https://interreg-sudoe.eu/4a-convocatoria/',
    });
  });

  it('takes the eligible countries as ISO codes and the programme area as NUTS codes', () => {
    for (const hit of recordedHits) {
      const call = byKey(result.records, hit.objectID);
      expect(call.eligibleCountries).toEqual(['AD', 'ES', 'FR', 'PT']);
      expect(call.eligibleRegions).toEqual([...new Set(hit.callEligibleRegionNuts)]);
      expect(call.eligibleRegions).toEqual(
        expect.arrayContaining(['ES111', 'ES61', 'FRK11', 'FRI34', 'PT11A', 'PT1D1']),
      );
      // SUDOE covers Spain, south-west France and Portugal: no Nordic region.
      expect(call.eligibleRegions.some((code) => /^(SE|NO)/.test(code))).toBe(false);
    }
  });

  it('marks the records thin (the hits carry no description) and sets no status', () => {
    for (const call of result.records) {
      expect(call.thin).toBe(true);
      expect(call.descriptionHtml).toBe('');
      expect(call.descriptionText).toBe('');
      expect(call).not.toHaveProperty('status');
    }
  });
});

describe('interreg-algolia: a hit’s fields the recording does not show', () => {
  const recorded = recordedHits[0] as unknown as Record<string, unknown>;
  const normalise = (changes: Record<string, unknown>) => {
    const warnings: string[] = [];
    const [hit] = parseAlgoliaResponse(
      JSON.stringify({ results: [{ hits: [{ ...recorded, ...changes }] }] }),
      'test',
    ).hits;
    const call = normaliseHit(hit as NonNullable<typeof hit>, {
      ...context,
      warn: (message) => warnings.push(message),
    });
    return { call, warnings };
  };

  it('maps Eurostat’s EL and UK to ISO GR and GB, and keeps NUTS codes as they are', () => {
    const { call } = normalise({
      callEligibleCountryNuts: ['EL', 'UK', 'SE', 'se', 'XX1'],
      callEligibleRegionNuts: ['EL30', 'SE110', 'not a code'],
    });
    expect(call?.eligibleCountries).toEqual(['GR', 'GB', 'SE']);
    expect(call?.eligibleRegions).toEqual(['EL30', 'SE110']);
  });

  it('sanitises a description (HTML or plain text) and is then not thin', () => {
    const html = normalise({
      summary: '<p onclick="x()">Cross-border <script>bad()</script>water</p>',
    });
    expect(html.call?.descriptionHtml).toBe('<p>Cross-border water</p>');
    expect(html.call?.thin).toBe(false);
    const plain = normalise({ description: 'Energy & climate <for> towns' });
    expect(plain.call?.descriptionHtml).toBe('<p>Energy &amp; climate &lt;for&gt; towns</p>');
    expect(plain.call?.descriptionText).toBe('Energy & climate <for> towns');
  });

  it('leaves out a date that is not an ISO instant, with a warning', () => {
    const { call, warnings } = normalise({ callDeadlineDate: '30/09/2026' });
    expect(call?.deadlines).toEqual([]);
    expect(warnings).toEqual([
      'callForProjectsPage_3129 callDeadlineDate "30/09/2026" is not an ISO 8601 instant; left out',
    ]);
  });

  it('skips a hit without a title, and keeps no javascript: link', () => {
    expect(normalise({ title: null, nodeName: '' }).call).toBeNull();
    const { call } = normalise({ callExternalUrl: 'javascript:alert(1)' });
    expect(call?.links.map((link) => link.label)).toEqual(['interreg.eu call page']);
  });

  it('counts a repeated objectID once', () => {
    const doubled = JSON.stringify({ results: [{ hits: [recorded, recorded] }] });
    const result = callsOf(doubled);
    expect(result.records).toHaveLength(1);
    expect(result.received).toBe(2);
    expect(result.skipped).toBe(1);
  });
});
