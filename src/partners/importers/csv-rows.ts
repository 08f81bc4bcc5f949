import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';

/**
 * The rows of a CSV file as objects keyed by its header, streamed (a full CORDIS dump is
 * hundreds of MB): csv-parse handles quoting, CRLF and a byte-order mark. The delimiter is
 * the header line's own, comma or semicolon (CORDIS's official files use ";", re-exports
 * ","; the Research Council of Norway ";").
 */
export async function* csvRows(file: string): AsyncGenerator<Record<string, string>> {
  const delimiter = await delimiterOf(file);
  const parser = createReadStream(file).pipe(
    parse({
      columns: true,
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );
  for await (const row of parser) yield row as Record<string, string>;
}

async function delimiterOf(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const header = buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0] ?? '';
    const count = (character: string) => header.split(character).length - 1;
    return count(';') > count(',') ? ';' : ',';
  } finally {
    await handle.close();
  }
}
