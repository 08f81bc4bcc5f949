import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { htmlListKind } from '../../../scrapers/html-list/index.js';
import { euiSettings, ownFixturePage } from './admin-settings.js';

const now = new Date('2026-01-10T09:00:00Z');
const settings = htmlListKind.parseSettings(euiSettings);

describe('html-list replay folders', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'html-list-replay-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('resolves links against baseUrl when a page names no canonical URL, one record per natural key', async () => {
    const page = ownFixturePage('urban-initiative', 'calls-proposals.html').replace(
      /<link rel="canonical"[^>]*>/,
      '',
    );
    await writeFile(path.join(folder, '1-listing.html'), page);
    // The same listing saved twice (page 1 and a reload): its calls are not counted twice.
    await writeFile(path.join(folder, '2-listing-again.html'), page);
    await writeFile(path.join(folder, 'notes.txt'), 'not a page');
    const result = await htmlListKind.replay({
      folder,
      baseUrl: 'https://mirror.example.org/eui/calls',
      settings,
      now,
    });
    expect(result.pages).toBe(2);
    expect(result.received).toBe(10);
    expect(result.records).toHaveLength(5);
    expect(result.skipped).toBe(5);
    expect(result.records[0]?.sourceUrl).toBe(
      'https://mirror.example.org/calls-proposals/innovative-actions-fourth-call-proposals',
    );
    expect(result.records[0]?.identifier).toMatch(/^EUI-/);
  });

  it('says so when the folder holds no page', async () => {
    await writeFile(path.join(folder, 'README.md'), '# nothing here');
    await expect(
      htmlListKind.replay({ folder, baseUrl: 'https://example.org/', settings, now }),
    ).rejects.toThrow(`no .html files in ${folder}`);
  });
});
