import { describe, expect, it } from 'vitest';
import { interregAlgoliaKind } from '../../../scrapers/interreg-algolia/index.js';
import { pageFolder, recordedHits, recordingFolder } from './fixtures.js';

const BASE_URL = 'https://interreg.eu/calls-for-projects/';
const NOW = new Date('2026-08-10T00:00:00Z');

describe('interreg-algolia replay', () => {
  it('replays the shared recording’s folder as it is (its README is ignored)', async () => {
    const result = await interregAlgoliaKind.replay({
      folder: recordingFolder,
      baseUrl: BASE_URL,
      settings: interregAlgoliaKind.parseSettings({}),
      now: NOW,
    });
    expect(result.records.map((record) => record.identifier)).toEqual(
      recordedHits.map((hit) => `INTERREG-${hit.pageId}`),
    );
    expect(result.records.map((record) => record.sourceUrl)).toEqual(
      recordedHits.map((hit) => `https://interreg.eu${hit.contentUrl}`),
    );
    expect(result.records[1]?.deadlines[0]).toMatchObject({
      localDate: '2026-10-30',
      timeZone: 'UTC',
    });
    expect(result.pages).toBe(1);
    expect(result.fetchedAt).toBeUndefined();
  });

  it('applies the common settings where the hits say nothing', async () => {
    const result = await interregAlgoliaKind.replay({
      folder: recordingFolder,
      baseUrl: BASE_URL,
      settings: interregAlgoliaKind.parseSettings({ programmeCode: 'SUDOE', language: 'EN' }),
      now: NOW,
    });
    expect(result.records.map((record) => record.programmeCode)).toEqual(['SUDOE', 'SUDOE']);
    // The hits name their programme: the setting is only a fallback.
    expect(result.records[0]?.programmeName).toBe('Interreg South West Europe (SUDOE)');
  });

  it('fails clearly on a folder without a recorded answer', async () => {
    await expect(
      interregAlgoliaKind.replay({
        folder: pageFolder,
        baseUrl: BASE_URL,
        settings: interregAlgoliaKind.parseSettings({}),
        now: NOW,
      }),
    ).rejects.toThrow(/holds no recorded Algolia answer \(\*\.json\)/);
  });
});
