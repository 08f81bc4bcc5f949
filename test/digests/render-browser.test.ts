import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestContent, DigestItem } from '../../src/digests/content-types.js';
import { renderDigest } from '../../src/digests/render/index.js';
import { recordedDigestContent } from '../helpers/digest-content.js';

/**
 * The rendered digest in a real browser (Debian's chromium, as .ci/run installs it), with
 * JavaScript off as in a mail client: it fits a phone without sideways scrolling, keeps its
 * 600 px column on a desktop, and asks the network for nothing, not even when a scraped
 * title carries an image.
 */
let browser: Browser;
let html: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const content: DigestContent = await recordedDigestContent({ language: 'sv' });
  const first = content.sections.new.items[0] as DigestItem;
  first.title = `${first.title} <img src="https://tracker.example/pixel.gif">`;
  html = renderDigest(content).html;
});

afterAll(async () => {
  await browser?.close();
});

async function open(width: number) {
  const page = await browser.newPage({
    viewport: { width, height: 800 },
    javaScriptEnabled: false,
  });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests };
}

describe('the digest in Chromium', () => {
  it('fits a 375 px phone without scrolling sideways', async () => {
    const { page } = await open(375);
    // Strings, evaluated in the page: this project's types have no DOM.
    const widths = {
      document: (await page.evaluate('document.documentElement.scrollWidth')) as number,
      widest: (await page.evaluate(
        "Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right))",
      )) as number,
    };
    expect(widths.document).toBeLessThanOrEqual(375);
    expect(widths.widest).toBeLessThanOrEqual(375);
    await page.close();
  });

  it('keeps one 600 px column on a desktop', async () => {
    const { page } = await open(1280);
    const column = await Promise.all(
      (await page.locator('table[style*="max-width:600px"]').all()).map(
        async (table) => (await table.boundingBox())?.width,
      ),
    );
    expect(column).toEqual([600]);
    await page.close();
  });

  it('loads nothing from the network', async () => {
    const { page, requests } = await open(375);
    expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual(
      [],
    );
    await page.close();
  });
});
