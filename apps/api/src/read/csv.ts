import type { Response } from 'express';

/**
 * CSV for Excel as used in Belgium (French locale): `;` separator, UTF-8 with a BOM (so accents open correctly),
 * CRLF line ends, fields quoted when they hold `;`, `"`, a line break or leading/trailing spaces (quotes doubled).
 * A cell that would start with = + - @ (a formula for Excel) is prefixed with an apostrophe (CSV injection).
 * Shared by every export (compliance deadlines, sanctionable cases).
 */
export type CsvCell = string | number | boolean | null | undefined;

export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';
export const CSV_EOL = '\r\n';

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value).replace('.', ',') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value !== 'number') text = `'${text}`;
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly CsvCell[]): string =>
  cells.map(csvCell).join(CSV_SEPARATOR) + CSV_EOL;

/** A whole document (BOM + header + rows), for small exports and tests. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  let out = CSV_BOM + csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}

/**
 * Streams a CSV download: headers first, then rows as they come (chunks of an async source), so a large export
 * never sits whole in memory. `filename` must be ASCII (it goes in Content-Disposition as is).
 */
export async function sendCsv(
  res: Response,
  filename: string,
  header: readonly string[],
  rows: AsyncIterable<ReadonlyArray<readonly CsvCell[]>>,
): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  // The first chunk is read before anything is sent: a failure there is still an ordinary error response.
  let next = await iterator.next();
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.write(CSV_BOM + csvLine(header));
  try {
    while (!next.done) {
      let text = '';
      for (const row of next.value) text += csvLine(row);
      if (text !== '' && !res.write(text))
        await new Promise<void>((resolve) => res.once('drain', () => resolve()));
      next = await iterator.next();
    }
  } catch (error) {
    // Half a file must not look like a whole one: cut the connection instead of ending the body.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  res.end();
}

/** Parses our own CSV back (tests, imports of what we export): `;`, quotes, CRLF inside quoted cells. */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === CSV_SEPARATOR) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && input[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
