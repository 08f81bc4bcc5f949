/**
 * Reads a FreeDict dictionary as Debian installs it for dictd: `NAME.index` (headword, offset,
 * length, the numbers in dictd's base64) and `NAME.dict.dz` (dictzip, which is gzip with a
 * seek table in an extra field, so plain gunzip reads it). Used only by build.ts, at
 * development time. The format is the one dictfmt(1) writes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface DictEntry {
  headword: string;
  /** FreeDict's part of speech (`n`, `v`, `pn` for a proper noun), when the entry has one. */
  partOfSpeech: string | null;
  /** The translations of each sense, in the dictionary's order. */
  senses: string[][];
}

const DICTD_DIR = '/usr/share/dictd';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function dictdNumber(text: string): number {
  let value = 0;
  for (const character of text) value = value * 64 + BASE64.indexOf(character);
  return value;
}

export function readDictionary(name: string): DictEntry[] {
  const index = readFileSync(path.join(DICTD_DIR, `${name}.index`), 'utf8');
  const body = gunzipSync(readFileSync(path.join(DICTD_DIR, `${name}.dict.dz`)));
  const entries: DictEntry[] = [];
  const seen = new Set<string>();
  for (const line of index.split('\n')) {
    const [word, offset, length] = line.split('\t');
    // The 00database… entries are the dictionary's own description, not words.
    if (!word || !offset || !length || word.startsWith('00database')) continue;
    // The index lists an entry once per spelling it is filed under; read it once.
    const key = `${offset}/${length}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const start = dictdNumber(offset);
    const text = body.subarray(start, start + dictdNumber(length)).toString('utf8');
    const entry = parseEntry(text);
    if (entry) entries.push(entry);
  }
  return entries;
}

const SENSE_NUMBER = /^\s*\d+\.\s*/;
/** dictfmt runs an empty sense's number onto the line before ("serbisk 2."). */
const TRAILING_SENSE_NUMBER = /\s+\d+\.\s*$/;

/**
 * One entry: a header line `headword /pronunciation/ <pos>`, then per sense a line of
 * comma-separated translations ("2. " before it when there are several senses), each
 * followed in the Wiktionary-derived dictionaries by a line of definition, which is skipped.
 */
export function parseEntry(text: string): DictEntry | null {
  const [header, ...body] = text.split('\n').filter((line) => line.trim() !== '');
  if (!header) return null;
  const headword = header.replace(/\s+[/<].*$/, '').trim();
  const partOfSpeech = /<([^>]+)>/.exec(header)?.[1] ?? null;
  // The first line is always translations, numbered or not ("library 2." opens an entry
  // whose first sense has no number); later ones are translations only when numbered.
  const [first, ...rest] = body;
  const translationLines = first ? [first, ...rest.filter((line) => SENSE_NUMBER.test(line))] : [];
  const senses = translationLines
    .map((line) => line.replace(SENSE_NUMBER, '').replace(TRAILING_SENSE_NUMBER, ''))
    .map((line) => splitTranslations(line))
    .filter((sense) => sense.length > 0);
  return headword && senses.length > 0 ? { headword, partOfSpeech, senses } : null;
}

/** "fungus, mushroom" → two; commas inside parentheses ("(of, a) thing") do not split. */
function splitTranslations(line: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of line) {
    if (character === '(' || character === '[') depth += 1;
    if (character === ')' || character === ']') depth = Math.max(0, depth - 1);
    if ((character === ',' || character === ';') && depth === 0) {
      items.push(current);
      current = '';
    } else current += character;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}
