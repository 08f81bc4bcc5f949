import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'cheerio';
import { afterEach, describe, expect, it } from 'vitest';
import { euroAccessKind } from '../../../scrapers/euro-access/index.js';
import { savedUrlOf } from '../../../scrapers/euro-access/replay.js';
import { DETAIL_135_URL, detail135Html, listingHtml, recordedFolder } from './recordings.js';

const settings = euroAccessKind.parseSettings({});
const baseUrl = 'https://www.euro-access.eu/en/calls';
const now = new Date('2025-11-01T00:00:00Z');

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function scratchFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'euro-access-replay-'));
  folders.push(folder);
  return folder;
}

describe('Euro-Access replay of the shared recordings', () => {
  it('replays the listing with the one recorded detail page, without a fetch time', async () => {
    const result = await euroAccessKind.replay({ folder: recordedFolder, baseUrl, settings, now });
    const bodyRows = load(listingHtml)('table#calls-overview tbody tr').length;
    expect(result.records).toHaveLength(bodyRows);
    expect(result.fetchedAt).toBeUndefined();
    const described = result.records.filter((record) => !record.thin);
    expect(described.map((record) => [record.naturalKey, record.identifier])).toEqual([
      ['euro-access:135', 'ERASMUS-EDU-2022-ECHE-CERT-FP'],
    ]);
    expect(described[0]?.sourceUrl).toBe(DETAIL_135_URL);
    expect(result).toMatchObject({ received: bodyRows, pages: 2, legacyRecords: 0 });
    expect(result.warnings).toEqual([
      `${bodyRows - 1} of ${bodyRows} calls have no detail page read yet`,
    ]);
  });

  it('reads a saved page’s URL from the browser comment, else its canonical link', () => {
    expect(savedUrlOf(detail135Html)).toBe(DETAIL_135_URL);
    const withoutComment = detail135Html.replace(/<!-- saved from url=[^>]*-->/, '');
    // The site's canonical link repeats the id (/calls/135/135/…): the id still reads 135.
    expect(savedUrlOf(withoutComment)).toBe(
      'https://euro-access.eu/en/calls/135/135/Erasmus-Charter-for-Higher-Education-5th-cut-off-date',
    );
    expect(savedUrlOf('<html><body></body></html>')).toBe(null);
  });

  it('matches a detail page found only by its canonical link', async () => {
    const folder = await scratchFolder();
    await copyFile(path.join(recordedFolder, 'calls-listing.html'), path.join(folder, 'list.html'));
    await writeFile(
      path.join(folder, 'detail.html'),
      detail135Html.replace(/<!-- saved from url=[^>]*-->/, ''),
    );
    const result = await euroAccessKind.replay({ folder, baseUrl, settings, now });
    expect(result.records.find((record) => !record.thin)?.naturalKey).toBe('euro-access:135');
  });

  it('refuses a folder without exactly one listing, and reports pages it cannot place', async () => {
    const folder = await scratchFolder();
    await writeFile(path.join(folder, 'detail.html'), detail135Html);
    await expect(euroAccessKind.replay({ folder, baseUrl, settings, now })).rejects.toThrow(
      /must hold exactly one Euro-Access listing .*found 0$/,
    );
    await copyFile(path.join(recordedFolder, 'calls-listing.html'), path.join(folder, 'a.html'));
    await writeFile(path.join(folder, 'notes.html'), '<html><body>notes</body></html>');
    const result = await euroAccessKind.replay({ folder, baseUrl, settings, now });
    expect(result.warnings).toContain(
      'notes.html: not a call detail page (no call URL or no div#calldata)',
    );
    await copyFile(path.join(recordedFolder, 'calls-listing.html'), path.join(folder, 'b.html'));
    await expect(euroAccessKind.replay({ folder, baseUrl, settings, now })).rejects.toThrow(
      /found 2$/,
    );
  });
});
