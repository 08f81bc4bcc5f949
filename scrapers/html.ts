import { Parser } from 'htmlparser2';
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

const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'br',
  'blockquote',
  'ul',
  'ol',
  'table',
]);

/**
 * Readable plain text: block elements end in a line break, list items start with a bullet,
 * runs of blanks collapse. One streaming pass of htmlparser2 (no DOM): building a tree for
 * every description was most of a poll's time.
 */
export function htmlToText(html: string): string {
  if (!html) return '';
  const parts: string[] = [];
  const parser = new Parser(
    {
      onopentag: (name) => {
        if (name === 'li') parts.push('• ');
      },
      ontext: (text) => {
        parts.push(text);
      },
      onclosetag: (name) => {
        if (BLOCK_ELEMENTS.has(name)) parts.push('\n');
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts
    .join('')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
