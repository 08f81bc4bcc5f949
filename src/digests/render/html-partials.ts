import { escapeHtml, httpsUrl } from './safety.js';

/**
 * Hand-written partials for an HTML mail that Outlook desktop (Word's renderer) and phones
 * both show well: one column of table rows, every style inline (Gmail and Outlook drop
 * <style> blocks or parts of them), no images, no web fonts, widths in attributes as well as
 * CSS. Every partial escapes what it is given; only partials' own output is joined raw.
 * See https://www.caniemail.com for what each client supports.
 */

/** HTML a partial made; plain strings passed to partials are always escaped. */
export type Html = { readonly html: string };

const raw = (html: string): Html => ({ html });
export const join = (parts: Array<Html | null>): Html =>
  raw(parts.map((part) => part?.html ?? '').join(''));

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#1c4f8c';
const LINE = '#d9e2ec';
const URGENT = '#a61b1b';

/**
 * A row of the single column, padded like every other. Scraped text can hold a long word
 * with no break (an identifier, a pasted URL): overflow-wrap lets it break rather than
 * widen the column past a phone's screen.
 */
function row(content: Html, style = ''): Html {
  return raw(
    `<tr><td style="padding:12px 24px;word-wrap:break-word;overflow-wrap:anywhere;${style}">${content.html}</td></tr>`,
  );
}

function paragraph(text: string, style: string): Html {
  return raw(`<p style="margin:0;${FONT}${style}">${escapeHtml(text)}</p>`);
}

/** A link when the URL is https, else just the text (scraped links may be anything). */
export function link(text: string, url: string | null, style = ''): Html {
  const href = httpsUrl(url);
  if (!href) return raw(`<span style="${style}">${escapeHtml(text)}</span>`);
  return raw(
    `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer" style="color:${ACCENT};text-decoration:underline;${style}">${escapeHtml(text)}</a>`,
  );
}

export function header(kicker: string, title: string, intro: string): Html {
  return row(
    join([
      paragraph(
        kicker,
        `font-size:13px;line-height:18px;color:${MUTED};text-transform:uppercase;letter-spacing:1px;`,
      ),
      raw(
        `<h1 style="margin:4px 0 8px;${FONT}font-size:24px;line-height:30px;color:${INK};font-weight:bold;">${escapeHtml(title)}</h1>`,
      ),
      paragraph(intro, `font-size:15px;line-height:22px;color:${MUTED};`),
    ]),
    `padding-top:24px;border-bottom:3px solid ${ACCENT};`,
  );
}

export function sectionHeading(text: string, count: string | null): Html {
  const counted = count
    ? ` <span style="color:${MUTED};font-weight:normal;">(${escapeHtml(count)})</span>`
    : '';
  return row(
    raw(
      `<h2 style="margin:0;${FONT}font-size:19px;line-height:26px;color:${INK};font-weight:bold;">${escapeHtml(text)}${counted}</h2>`,
    ),
    'padding-top:28px;padding-bottom:4px;',
  );
}

export function note(text: string): Html {
  return row(paragraph(text, `font-size:15px;line-height:22px;color:${MUTED};`));
}

/** "Label: value" on one line, the label bold. */
export function labelled(label: string, value: string, urgent = false): Html {
  const color = urgent ? `color:${URGENT};font-weight:bold;` : `color:${INK};`;
  return raw(
    `<p style="margin:0 0 4px;${FONT}font-size:15px;line-height:22px;color:${INK};"><strong>${escapeHtml(label)}:</strong> <span style="${color}">${escapeHtml(value)}</span></p>`,
  );
}

/** Sentences as a list Outlook does not indent oddly: one paragraph each with a bullet. */
export function bullets(lines: string[]): Html {
  return join(
    lines.map((line) =>
      raw(
        `<p style="margin:0 0 4px;${FONT}font-size:15px;line-height:22px;color:${INK};">&#8226;&nbsp;${escapeHtml(line)}</p>`,
      ),
    ),
  );
}

/** One call: the title (linked to its source), a muted line, the details, its links. */
export function itemBlock(input: {
  title: string;
  titleUrl: string | null;
  meta: string;
  details: Html;
  links: Array<{ text: string; url: string | null }>;
}): Html {
  const links = input.links.filter((entry) => httpsUrl(entry.url) !== null);
  return row(
    join([
      raw(
        `<h3 style="margin:0 0 4px;${FONT}font-size:17px;line-height:23px;font-weight:bold;color:${INK};">${link(input.title, input.titleUrl, `color:${ACCENT};`).html}</h3>`,
      ),
      input.meta
        ? paragraph(input.meta, `margin-bottom:8px;font-size:13px;line-height:18px;color:${MUTED};`)
        : null,
      input.details,
      links.length > 0
        ? raw(
            `<p style="margin:8px 0 0;${FONT}font-size:14px;line-height:20px;">${links
              .map((entry) => link(entry.text, entry.url).html)
              .join(`&nbsp;&nbsp;<span style="color:${LINE};">|</span>&nbsp;&nbsp;`)}</p>`,
          )
        : null,
    ]),
    `border-top:1px solid ${LINE};`,
  );
}

/** "and 7 more – see all matches", a link when there is a place to see them. */
export function moreRow(text: string, url: string | null): Html {
  return row(
    raw(
      `<p style="margin:0;${FONT}font-size:15px;line-height:22px;">${link(text, url, 'font-weight:bold;').html}</p>`,
    ),
    `border-top:1px solid ${LINE};`,
  );
}

/** A button made of a padded table cell, which Outlook draws (it ignores padding on <a>). */
export function button(text: string, url: string | null): Html | null {
  const href = httpsUrl(url);
  if (!href) return null;
  return row(
    raw(
      `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="${ACCENT}" style="background-color:${ACCENT};border-radius:4px;padding:10px 18px;"><a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer" style="${FONT}font-size:15px;line-height:20px;color:#ffffff;text-decoration:none;font-weight:bold;">${escapeHtml(text)}</a></td></tr></table>`,
    ),
    'padding-top:20px;',
  );
}

export function footer(why: string, links: Array<{ text: string; url: string | null }>): Html {
  const shown = links.filter((entry) => httpsUrl(entry.url) !== null);
  return row(
    join([
      paragraph(why, `font-size:13px;line-height:19px;color:${MUTED};`),
      shown.length > 0
        ? raw(
            `<p style="margin:8px 0 0;${FONT}font-size:13px;line-height:19px;color:${MUTED};">${shown
              .map((entry) => link(entry.text, entry.url, `color:${MUTED};`).html)
              .join(' &middot; ')}</p>`,
          )
        : null,
    ]),
    `padding-top:24px;padding-bottom:24px;border-top:1px solid ${LINE};background-color:#f5f7fa;`,
  );
}

/**
 * The document: a 600 px column centred on a grey page, fluid below 600 px (max-width), and
 * fixed at 600 px in Outlook, which ignores max-width (the conditional table). The preheader
 * is the line inboxes show after the subject.
 */
export function layout(input: {
  language: string;
  title: string;
  preheader: string;
  rows: Html;
}): Html {
  return raw(`<!DOCTYPE html>
<html lang="${escapeHtml(input.language)}" xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escapeHtml(input.title)}</title>
<!--[if mso]><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml><![endif]-->
</head>
<body style="margin:0;padding:0;background-color:#e9eef3;-webkit-text-size-adjust:100%;">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;">${escapeHtml(input.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#e9eef3" style="background-color:#e9eef3;">
<tr><td align="center" style="padding:16px 8px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" align="center"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:600px;background-color:#ffffff;border-collapse:collapse;">
${input.rows.html}
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`);
}

/** A department's part of the overview: its name, a muted line, then short lists. */
export function departmentBlock(input: {
  name: string;
  meta: string;
  lists: Array<{
    heading: string;
    entries: Array<{ text: string; url: string | null; detail: string }>;
  }>;
}): Html {
  const lists = input.lists.map((list) =>
    join([
      raw(
        `<p style="margin:10px 0 4px;${FONT}font-size:14px;line-height:20px;color:${INK};font-weight:bold;">${escapeHtml(list.heading)}</p>`,
      ),
      ...list.entries.map((entry) =>
        raw(
          `<p style="margin:0 0 6px;${FONT}font-size:14px;line-height:20px;color:${INK};">&#8226;&nbsp;${link(entry.text, entry.url).html}<br><span style="color:${MUTED};font-size:13px;">${escapeHtml(entry.detail)}</span></p>`,
        ),
      ),
    ]),
  );
  return row(
    join([
      raw(
        `<h3 style="margin:0 0 2px;${FONT}font-size:17px;line-height:23px;font-weight:bold;color:${INK};">${escapeHtml(input.name)}</h3>`,
      ),
      paragraph(input.meta, `font-size:14px;line-height:20px;color:${MUTED};`),
      ...lists,
    ]),
    `border-top:1px solid ${LINE};`,
  );
}
