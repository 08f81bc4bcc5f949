import * as cheerio from 'cheerio';
import sanitize from 'sanitize-html';

/**
 * Scraped HTML is untrusted: it ends up in emails and intranet pages. Keep structure and
 * links, drop scripts, styles, event handlers, images and classes. Links open safely.
 */
const SANITIZE_OPTIONS: sanitize.IOptions = {
  allowedTags: [
    'p',
    'br',
    'ul',
    'ol',
    'li',
    'strong',
    'b',
    'em',
    'i',
    'u',
    'sup',
    'sub',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'a',
    'blockquote',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: {
    a: sanitize.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
  exclusiveFilter: (frame) =>
    frame.tag === 'p' && frame.text.trim() === '' && !frame.mediaChildren.length,
};

export function sanitizeHtml(html: string): string {
  return sanitize(html, SANITIZE_OPTIONS).trim();
}

const BLOCK_ELEMENTS = 'p, div, li, h1, h2, h3, h4, h5, h6, tr, br, blockquote, ul, ol, table';

/** Readable plain text: block elements become line breaks, runs of blanks collapse. */
export function htmlToText(html: string): string {
  if (!html) return '';
  const $ = cheerio.load(html, null, false);
  $(BLOCK_ELEMENTS).each((_, element) => {
    $(element).append('\n');
  });
  $('li').each((_, element) => {
    $(element).prepend('• ');
  });
  return $.root()
    .text()
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
