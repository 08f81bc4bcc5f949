import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderDigest } from '../../src/digests/render/index.js';
import { createTestDatabase, ensureTemplate } from '../helpers/database.js';
import { lidingoDigest } from './lidingo-digest.js';

/**
 * The pictures in the README: one Swedish digest (Lidingö's education department, week 27 of
 * the recorded snapshots) opened in headless Chromium at a phone's width and a desktop
 * mail window's, saved as docs/digest-sv-phone.png and docs/digest-sv-desktop.png.
 *
 *   npx tsx test/docs/digest-screenshots.ts
 *
 * Needs PostgreSQL (as the tests do) and Debian's chromium (`apt-get install -y chromium`).
 */
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const viewports = [
  // An iPhone SE/mini's CSS width; twice the pixels, as the phone draws it.
  { file: 'digest-sv-phone.png', width: 375, height: 667, deviceScaleFactor: 2 },
  { file: 'digest-sv-desktop.png', width: 1024, height: 768, deviceScaleFactor: 1 },
];

async function main(): Promise<void> {
  await ensureTemplate();
  const database = await createTestDatabase();
  const folder = await mkdtemp(path.join(tmpdir(), 'callradar-digest-'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const content = await lidingoDigest(database.db, {
      key: 'education',
      name: 'Utbildningsförvaltningen',
    });
    const { subject, html } = renderDigest(content);
    const file = path.join(folder, 'digest.html');
    await writeFile(file, html);
    for (const viewport of viewports) {
      // JavaScript off, as in every mail client: the page must stand on its HTML and CSS.
      const page = await browser.newPage({
        viewport: { width: viewport.width, height: viewport.height },
        deviceScaleFactor: viewport.deviceScaleFactor,
        javaScriptEnabled: false,
      });
      await page.goto(pathToFileURL(file).href);
      await page.screenshot({ path: path.join(docs, viewport.file), fullPage: true });
      await page.close();
    }
    const counts = Object.entries(content.sections).map(
      ([key, section]) => `${key} ${section.items.length}+${section.more}`,
    );
    console.log(
      `${subject}\n${counts.join(', ')}\nwrote ${viewports.map((v) => v.file).join(', ')} in ${docs}`,
    );
  } finally {
    await browser.close();
    await database.drop();
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
