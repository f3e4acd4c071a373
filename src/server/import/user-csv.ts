// The CSV files users keep themselves (the contacts of clients, a credit insurer's limits): read as
// the ledger exports are — any encoding, separator and line end sniff.ts knows, copied to clean
// UTF-8 when DuckDB cannot read them as they are, parsed by DuckDB's read_csv with every column as
// text — their columns found by French and English names, their non-empty rows loaded with their
// line numbers into a temporary table of the caller's transaction, where the caller checks them.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Session } from '../db/database.ts';
import { ImportError } from './errors.ts';
import { detectDelimiter, normaliseName, parseDuckCsvError, splitHeader, varcharColumns } from './header.ts';
import { MAX_LINE_BYTES, sniffFile } from './sniff.ts';
import { copyAsCleanUtf8 } from './transcode.ts';

/** Where each field of a file is: its column's index and its header as written, and the columns no field took. */
export interface ColumnLayout<F extends string> {
  index: Partial<Record<F, number>>;
  found: Partial<Record<F, string>>;
  unused: string[];
}

const key = (name: string) => normaliseName(name).replace(/ /g, '');

/** Finds the columns by their names, whatever the case, accents, separators or PascalCase; the first column that matches a field takes it. */
export function matchColumns<F extends string>(columns: string[], names: Record<F, readonly string[]>): ColumnLayout<F> {
  const index: Partial<Record<F, number>> = {};
  const found: Partial<Record<F, string>> = {};
  const keys = columns.map(key);
  for (const field of Object.keys(names) as F[]) {
    const known = new Set(names[field].map(key));
    const i = keys.findIndex((k, column) => k !== '' && !Object.values(index).includes(column) && known.has(k));
    if (i !== -1) {
      index[field] = i;
      found[field] = columns[i];
    }
  }
  const taken = new Set(Object.values(index));
  return { index, found, unused: columns.filter((c, i) => !taken.has(i) && c !== '') };
}

/** SQL: a field's trimmed text, NULL when empty or when the file has no such column. */
export function cellSql<F extends string>(layout: ColumnLayout<F>, field: F): string {
  const i = layout.index[field];
  return i === undefined ? 'NULL::VARCHAR' : `nullif(trim(c${i}), '')`;
}

/** A file ready for read_csv: its path (the clean copy when one was needed), its separator and its header's columns. */
export interface UserCsv {
  readPath: string;
  delimiter: string;
  columns: string[];
}

/**
 * Sniffs the file, refuses one whose first line is empty (`headerHint` says what to name), copies it
 * to clean UTF-8 when it must be, runs `read` on it, and removes the copy.
 */
export async function withUserCsv<T>(db: Database, path: string, fileName: string, headerHint: string, read: (csv: UserCsv) => Promise<T>): Promise<T> {
  const sniffed = await sniffFile(path, fileName);
  const header = sniffed.headerLine.replace(/^\uFEFF/, '');
  if (!header.trim()) throw new ImportError(fileName, 'the first line is empty: a header line with the column names is expected.', `Add a header line naming the columns (${headerHint}), then import the file again.`);
  const delimiter = detectDelimiter(header, [';', ',', '\t', '|']) ?? ',';
  let workDir: string | undefined;
  try {
    let readPath = path;
    if (sniffed.encoding !== 'utf-8' || sniffed.irregularLineEnds) {
      workDir = db.scratch('user-csv-');
      readPath = join(workDir, 'utf8.csv');
      await copyAsCleanUtf8(path, readPath, sniffed.encoding);
    }
    return await read({ readPath, delimiter, columns: splitHeader(header, delimiter) });
  } finally {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The file's non-empty rows as the temporary table `table`: `select` (SQL over the columns c0, c1…)
 * with `line_no`, the line of the file. Returns how many; a file DuckDB cannot read is refused with
 * its line (`what`: the kind of file, and what one of its lines holds, for the message).
 */
export async function loadCsvRows(s: Session, fileName: string, csv: UserCsv, table: string, select: string, what: { file: string; line: string }): Promise<number> {
  const allEmpty = csv.columns.map((_, i) => `nullif(trim(c${i}), '') IS NULL`).join(' AND ');
  try {
    // Insertion order is kept: the rowids follow the file's lines (they are offset inside a transaction, hence min()).
    await s.run(
      `CREATE OR REPLACE TEMP TABLE ${table}_file AS
       SELECT ${allEmpty} AS is_empty, ${select}
       FROM read_csv($path, delim=$delim, header=true, quote='"', escape='"', auto_detect=false, max_line_size=${MAX_LINE_BYTES}, columns=${varcharColumns(csv.columns.length)})`,
      { path: csv.readPath, delim: csv.delimiter },
    );
  } catch (err) {
    throw unreadable(fileName, err, what);
  }
  await s.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT (rowid - min(rowid) OVER () + 2)::INTEGER AS line_no, * EXCLUDE (is_empty) FROM ${table}_file QUALIFY NOT is_empty`);
  return (await s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`))!.n;
}

/** A file DuckDB cannot read as CSV: the line and what is wrong with it. */
function unreadable(fileName: string, err: unknown, what: { file: string; line: string }): ImportError {
  const message = err instanceof Error ? err.message : String(err);
  const csv = parseDuckCsvError(message);
  if (csv?.lineBytes !== undefined) {
    return new ImportError(fileName, `line ${csv.line} is longer than ${MAX_LINE_BYTES / 1024} KB: it cannot be a line of ${what.file}.`, 'Open the file in a text editor at that line, fix it, and import it again. Nothing was imported.', [
      { line: csv.line, message: `the line is ${csv.lineBytes} bytes long` },
    ]);
  }
  if (csv) {
    const detail = csv.expected !== undefined ? `it has ${csv.found} columns where the header has ${csv.expected}` : 'it cannot be read with the separator of the header';
    return new ImportError(fileName, `line ${csv.line} does not match the header: ${detail}.`, 'A separator inside a value must be in double quotes ("Dupont; Fils"). Fix that line and import the file again. Nothing was imported.', [
      { line: csv.line, message: detail },
    ]);
  }
  return new ImportError(fileName, `the file could not be read as CSV (${message.split('\n')[0]}).`, `Save it as CSV (UTF-8 or Windows-1252, one line per ${what.line} under a header line), then import it again. Nothing was imported.`);
}
