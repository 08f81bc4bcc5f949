import { beforeAll, describe, expect, it } from 'vitest';
import type {
  DigestContent,
  DigestItem,
  OverviewContent,
} from '../../src/digests/content-types.js';
import { renderDigest } from '../../src/digests/render/index.js';
import { recordedDigestContent, recordedOverviewContent } from '../helpers/digest-content.js';
import { type ParsedMail, parseMailHtml } from '../helpers/mail-html.js';

/**
 * A scraped call whose every text carries what a hostile or broken source page could:
 * script, event handlers, javascript: and data: links, remote images (tracking pixels), a
 * CSS url(), an attribute break-out, bidi overrides. The digest must show it as text and let
 * none of it act.
 */
const hostileTitle =
  'Smart schools <script>alert("title")</script><img src="https://tracker.example/pixel.gif" onerror="alert(1)">';
const hostileProgramme = '<a href="javascript:alert(2)">Erasmus+</a>" onmouseover="alert(3)';
const hostileWhy =
  'matched <svg onload=alert(4)> in the description; <iframe src="https://evil.example/"></iframe> <div style="background:url(https://tracker.example/bg.png)">';
const hostileIdentifier = 'ERASMUS-2026"><script>alert(5)</script>';

function hostileItem(base: DigestItem): DigestItem {
  return {
    ...base,
    title: hostileTitle,
    programme: hostileProgramme,
    identifier: hostileIdentifier,
    why: hostileWhy,
    sourceUrl: 'javascript:alert(6)//https://ec.europa.eu/',
    apiUrl: 'data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==',
  };
}

let content: DigestContent;
let overview: OverviewContent;

beforeAll(async () => {
  content = await recordedDigestContent({
    language: 'sv',
    department: { key: 'education', name: 'Utbildning "><img src=https://tracker.example/d.gif>' },
  });
  const first = content.sections.new.items[0] as DigestItem;
  content.sections.new.items[0] = hostileItem(first);
  const changed = content.sections.changed
    .items[0] as DigestContent['sections']['changed']['items'][0];
  content.sections.changed.items[0] = {
    ...hostileItem(changed),
    sourceUrl: 'http://ec.europa.eu/plain-http-is-not-linked',
    changes: changed.changes,
  };
  content.tenant.name = 'Lidingö \u202Eats\u202C stad';
  content.links.allMatches = 'JaVaScRiPt:alert(8)';
  overview = await recordedOverviewContent('sv');
  overview.unrouted.items[0] = hostileItem(overview.unrouted.items[0] as DigestItem);
  overview.sourceProblems[0] = {
    sourceId: 'x',
    name: '<script>alert(9)</script>',
    status: 'failing" onclick="alert(10)',
    detail: '<img src=https://tracker.example/s.gif>',
  };
});

function expectInert(mail: ParsedMail): void {
  const names = mail.elements.map((element) => element.name);
  for (const active of [
    'script',
    'img',
    'svg',
    'iframe',
    'object',
    'embed',
    'form',
    'link',
    'style',
    'base',
  ])
    expect(names).not.toContain(active);
  for (const element of mail.elements) {
    for (const [name, value] of Object.entries(element.attributes)) {
      expect(name.startsWith('on'), `${element.name} has ${name}`).toBe(false);
      expect(['src', 'srcset', 'background', 'poster', 'action', 'formaction']).not.toContain(name);
      expect(value.replace(/\s/g, '').toLowerCase()).not.toMatch(/javascript:|data:|vbscript:/);
      if (name === 'style') expect(value).not.toMatch(/url\(|expression\(/i);
      if (name === 'http-equiv') expect(value.toLowerCase()).not.toBe('refresh');
    }
  }
  for (const anchor of mail.anchors) expect(anchor.href).toMatch(/^https:\/\//);
}

describe('scraped content in a digest', () => {
  it('never becomes script, handler, javascript: link or remote image in the HTML', () => {
    expectInert(parseMailHtml(renderDigest(content).html));
  });

  it('is still shown, as the text it is', () => {
    const mail = parseMailHtml(renderDigest(content).html);
    expect(mail.text).toContain(hostileTitle);
    expect(mail.text).toContain(hostileWhy);
    expect(mail.text).toContain('Lidingö ats stad');
  });

  it('links only https: a javascript:, data: or http: link is shown without a link', () => {
    const hrefs = parseMailHtml(renderDigest(content).html).anchors.map((anchor) => anchor.href);
    expect(hrefs.some((href) => href.includes('plain-http-is-not-linked'))).toBe(false);
    expect(hrefs).not.toContain(content.links.allMatches);
    // Every https link the content gave still works.
    for (const item of content.sections.new.items.slice(1)) expect(hrefs).toContain(item.apiUrl);
  });

  it('gives the text part only https link lines, the scraped words staying words', () => {
    const { text } = renderDigest(content);
    const lines = text.split('\n').map((line) => line.trim());
    const linkLines = lines.filter((line) => /^(Läs utlysningen|I callradar): /.test(line));
    const https = [
      ...content.sections.new.items,
      ...content.sections.changed.items,
      ...content.sections.closingSoon.items,
    ]
      .flatMap((item) => [item.sourceUrl, item.apiUrl])
      .filter((url) => url?.startsWith('https://'));
    expect(linkLines).toHaveLength(https.length);
    for (const line of linkLines) expect(line).toMatch(/: https:\/\/\S+$/);
    expect(text.replace(/\s+/g, ' ')).toContain(hostileTitle);
  });

  it('never acts in the coordinator overview either', () => {
    const mail = parseMailHtml(renderDigest(overview).html);
    expectInert(mail);
    expect(mail.text).toContain('<script>alert(9)</script>');
  });
});
