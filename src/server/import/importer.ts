// An import: load the file's rows under a new import id and validate them, then replace the
// previous export of the same entity and period and rebuild the models in one transaction — so
// readers see either the old state or the new one, and a failed import changes no data (it only
// leaves a line in the import history). See DESIGN.md "Imports are transactions".
//
// A FEC's lines are staged: loaded and checked into a table of their own (fec_lines_<id>) in a
// first transaction, committed while nothing reads that table yet, then put in force with the
// models in a second. DuckDB reads committed rows much faster than a transaction's own (the
// rebuild of a 10M-line ledger: 38 s against 52 s). If the second transaction fails the staged
// table is dropped; if the process dies, the next start drops it (markInterruptedImports).
// An invoice list's rows share one table with the other lists' rows: loaded, checked and put in
// force in one transaction.
import { basename } from 'node:path';
import { utcTimestamp } from '../util/dates.ts';
import { rmSync } from 'node:fs';
import { inTransaction, type Database, type Session } from '../db/database.ts';
import { BAD_VALUE, ImportError, type Problem, type ValueCheck } from './errors.ts';
import type { ImportOutcome, ImportStage } from '../../lib/contract/index.ts';

export type { ImportOutcome, ImportStage };
import { MAX_LINE_BYTES, sniffFile, type Sniffed } from './sniff.ts';
import { copyAsCleanUtf8Parts, originalLine, type CleanParts } from './transcode.ts';
import { detectDelimiter, parseDuckCsvError, splitHeader, varcharColumns } from './header.ts';
import { fecDatedColumns, fecLayout, fecSelectList, fecValueChecks, isFecHeader, parseFecFileName, type FecLayout } from './fec.ts';
import { amountColumns, checkMapping, DATE_FORMATS, dateColumnsRaw, dateExpr, invoiceDatedColumns, invoiceLayout, invoiceSelectList, invoiceValueChecks, type DateFormat, type InvoiceLayout, type InvoiceMapping } from './invoices.ts';
import { detectAmountStyle } from './amounts.ts';
import { fecPeriod, hasDatesOutside, invoicePeriod, windowChecks, type DatedColumn } from './periods.ts';

export type ImportSource = 'upload' | 'inbox' | 'cli' | 'demo';

export interface ImportOptions {
  source: ImportSource;
  /** the name to record (an upload is stored under a temporary path) */
  fileName?: string;
  /** entity to use when the file name carries no SIREN */
  entity?: string;
  /** column mapping for invoice CSV files (validated here) */
  mapping?: unknown;
  /** who imports it (a user, cli:<system user>, inbox, demo): kept in the history */
  by?: string;
  onProgress?: (stage: ImportStage, fraction?: number) => void;
  /** runs inside the import's transaction once the data is in place; returns warnings */
  rebuild?: (s: Session) => Promise<string[]>;
  /** the size from which a FEC to copy clean is copied in two parts at once (transcode.ts; tests set it low) */
  copyInPartsFrom?: number;
}

const MAX_LISTED = 10;

interface Plan {
  format: 'fec' | 'invoices';
  delimiter: string;
  quote: string;
  columnCount: number;
  select: Record<string, string>;
  checks: ValueCheck[];
  /** the date columns whose values must lie near the file's period (periods.ts) */
  dated: DatedColumn[];
  warnings: string[];
  detail: Record<string, unknown>;
  entity: string;
  closingDate?: string;
}

export async function importFile(db: Database, path: string, options: ImportOptions): Promise<ImportOutcome> {
  const started = new Date();
  const fileName = options.fileName ?? basename(path);
  const progress = options.onProgress ?? (() => {});
  let sniffed: Sniffed | undefined;
  let workDir: string | undefined;
  let runningId: number | undefined;
  try {
    progress('reading', 0);
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(path));
    sniffed = await sniffFile(path, fileName, (f) => progress('reading', f), size);

    const duplicate = await db.one<{ import_id: number }>(`SELECT import_id FROM imports WHERE status = 'active' AND file_hash = $hash ORDER BY import_id LIMIT 1`, { hash: sniffed.hash });
    if (duplicate) return await recordDuplicate(db, fileName, sniffed, options, started, duplicate.import_id);

    let readPath = path;
    let parts: CleanParts | undefined;
    if (sniffed.encoding !== 'utf-8' || sniffed.irregularLineEnds) {
      progress('converting', 0);
      workDir = db.scratch('import-');
      // a FEC has no quoted fields: it may be copied in parts, cut between lines
      parts = await copyAsCleanUtf8Parts(path, workDir, sniffed.encoding, { inParts: fecDelimiterOf(sniffed.headerLine) !== undefined, totalBytes: sniffed.bytes, partsFrom: options.copyInPartsFrom, onProgress: (f) => progress('converting', f) });
      readPath = parts.glob;
    }

    const plan = await planImport(db, readPath, fileName, sniffed, options);
    progress('loading');
    // The import's row is written 'running' and committed first: if the process dies in the long
    // transactions that follow, the next start finds it, marks it failed and drops what it staged
    // (markInterruptedImports).
    const outcome = await db.write(async (s) => {
      const id = (runningId = await insertRunningRow(s, fileName, sniffed!, options, started));
      const load = (tx: Session) => loadAndValidate(tx, readPath, parts, fileName, sniffed!, plan, progress, id);
      const putInForce = (tx: Session, loaded: Loaded) => replaceAndRebuild(tx, fileName, sniffed!, plan, options, started, progress, id, loaded);
      if (plan.format !== 'fec') return inTransaction(s, async (tx) => putInForce(tx, await load(tx)));
      // the staged lines, committed in a table nothing reads until the second transaction
      const loaded = await inTransaction(s, load);
      try {
        return await inTransaction(s, (tx) => putInForce(tx, loaded));
      } catch (err) {
        await s.run(`DROP TABLE IF EXISTS ${fecTable(id)}`);
        throw err;
      }
    });
    progress('done', 1);
    return outcome;
  } catch (err) {
    if (err instanceof DuplicateOf && sniffed) return recordDuplicate(db, fileName, sniffed, options, started, err.importId, runningId);
    let error: ImportError;
    if (err instanceof BadValues) error = await db.read((s) => valueProblems(s, fileName, err)).catch((e) => unexpected(fileName, e));
    else error = err instanceof ImportError ? err : unexpected(fileName, err);
    return recordFailure(db, fileName, sniffed, options, started, error, runningId);
  } finally {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
}

function unexpected(fileName: string, err: unknown, parts?: CleanParts): ImportError {
  const message = err instanceof Error ? err.message : String(err);
  const csv = parseDuckCsvError(message);
  // a line of a part of the file copied clean: its line in the file
  const part = /^\s*file = (.+)$/m.exec(message)?.[1];
  if (csv?.line !== undefined && parts && part) csv.line = originalLine(parts, part.trim(), csv.line);
  if (csv?.lineBytes !== undefined) {
    return new ImportError(
      fileName,
      `line ${csv.line} is longer than ${MAX_LINE_BYTES / 1024} KB: it cannot be a line of a ledger export.`,
      'Open the file in a text editor at that line: separators repeated to the end of the line, or lines run together without their line ends, are the usual cause. Fix it or export the file again.',
      [{ line: csv.line, message: `the line is ${csv.lineBytes} bytes long; a ledger line is a few hundred` }],
    );
  }
  if (csv) {
    const detail = csv.expected !== undefined ? `it has ${csv.found} columns where the header has ${csv.expected}` : 'it cannot be read with the separator of the header';
    return new ImportError(
      fileName,
      `line ${csv.line} does not match the header: ${detail}.`,
      'Check that line in a text editor: a separator character inside a label, or a line cut in two, is the usual cause. Fix it or export the file again.',
      [{ line: csv.line, message: detail }],
    );
  }
  if (/invalid unicode|utf-?8/i.test(message)) {
    return new ImportError(fileName, 'the file contains bytes that are not valid text.', 'Export the file again as UTF-8 or Windows-1252 text.');
  }
  return new ImportError(fileName, `the file could not be read (${message.split('\n')[0]}).`, 'Check that the file is a FEC or an invoice CSV export; if it is, report this message to the Encours team.');
}

/** The separator of a FEC's header (tab or |), or undefined when the header is not a FEC's: what planImport reads the file as. */
function fecDelimiterOf(header: string): string | undefined {
  return ['\t', '|'].find((d) => isFecHeader(splitHeader(header, d)));
}

/** Decides the format, the columns and the parsing of the file from its header. */
async function planImport(db: Database, readPath: string, fileName: string, sniffed: Sniffed, options: ImportOptions): Promise<Plan> {
  const header = sniffed.headerLine.replace(/^\uFEFF/, '');
  if (!header.trim()) {
    throw new ImportError(fileName, 'the first line is empty: a header line with the column names is expected.', 'Export the file again with its header line (FEC: JournalCode, JournalLib, EcritureNum…).');
  }
  const fecDelimiter = fecDelimiterOf(header);
  if (fecDelimiter) {
    const columns = splitHeader(header, fecDelimiter);
    const layout: FecLayout = fecLayout(fileName, columns);
    const named = parseFecFileName(fileName);
    const entity = named.siren ?? options.entity ?? 'default';
    const warnings: string[] = [];
    if (!named.siren) warnings.push(`The file name does not follow <SIREN>FEC<YYYYMMDD>: the lines are filed under the entity "${entity}" and the period is taken from the entry dates.`);
    return {
      format: 'fec',
      delimiter: fecDelimiter,
      quote: '',
      columnCount: columns.length,
      select: fecSelectList(layout),
      checks: fecValueChecks(layout),
      dated: fecDatedColumns(layout),
      warnings,
      detail: { encoding: sniffed.encoding, bom: sniffed.hasBom, delimiter: fecDelimiter === '\t' ? 'tab' : 'pipe', amount_layout: layout.amountLayout, columns: columns.length },
      entity,
      closingDate: named.closingDate,
    };
  }

  const delimiter = detectDelimiter(header, [';', ',', '\t', '|']);
  if (!delimiter) {
    throw new ImportError(
      fileName,
      'the first line has no column separator (tab, |, ; or ,): this is neither a FEC nor a CSV file.',
      'Export the ledger as a FEC (.txt with tab or | separators) or the invoice list as CSV with a header line.',
      [{ line: 1, value: header.slice(0, 80), message: 'no separator found' }],
    );
  }
  const columns = splitHeader(header, delimiter);
  const mapping: InvoiceMapping = options.mapping === undefined ? {} : checkMapping(fileName, options.mapping);
  const layout = invoiceLayout(fileName, columns, mapping);
  const format = mapping.date_format ?? (await detectDateFormat(db, readPath, fileName, delimiter, columns.length, layout));
  const from = readCsvSql({ delimiter, quote: '"', columnCount: columns.length });
  const amounts = await detectAmountStyle(db, fileName, from, { path: readPath, delim: delimiter }, amountColumns(layout), mapping.decimal_separator).catch((err) => {
    throw err instanceof ImportError ? err : unexpected(fileName, err);
  });
  return {
    format: 'invoices',
    delimiter,
    quote: '"',
    columnCount: columns.length,
    select: invoiceSelectList(layout, format, amounts.style),
    checks: invoiceValueChecks(layout, format, amounts.style),
    dated: invoiceDatedColumns(layout, format),
    warnings: [...layout.warnings, ...amounts.warnings],
    detail: {
      encoding: sniffed.encoding,
      bom: sniffed.hasBom,
      delimiter: delimiter === '\t' ? 'tab' : delimiter,
      date_format: format,
      date_format_from: mapping.date_format ? 'mapping' : 'detected',
      decimal_separator: amounts.style.mark,
      decimal_separator_from: amounts.style.from,
      columns: layout.found,
    },
    entity: mapping.entity ?? options.entity ?? 'default',
  };
}

function readCsvSql(plan: Pick<Plan, 'delimiter' | 'quote' | 'columnCount'>): string {
  const quote = plan.quote ? `quote='"', escape='"'` : `quote='', escape=''`;
  return `read_csv($path, delim=$delim, header=true, ${quote}, auto_detect=false, max_line_size=${MAX_LINE_BYTES}, columns=${varcharColumns(plan.columnCount)})`;
}

/** One date format per file: the formats that read every date value; refuse a tie DD/MM vs MM/DD. */
async function detectDateFormat(db: Database, readPath: string, fileName: string, delimiter: string, columnCount: number, layout: InvoiceLayout): Promise<DateFormat> {
  const raws = dateColumnsRaw(layout);
  const formats = Object.keys(DATE_FORMATS) as DateFormat[];
  const counts = formats.map((f, i) => `count(*) FILTER (WHERE v IS NOT NULL AND ${dateExpr('v', f)} IS NULL) AS bad_${i}`);
  const row = await db.one<Record<string, number>>(
    `SELECT count(v) AS n, ${counts.join(', ')} FROM (SELECT unnest([${raws.join(', ')}]) AS v FROM ${readCsvSql({ delimiter, quote: '"', columnCount })})`,
    { path: readPath, delim: delimiter },
  ).catch((err) => {
    throw unexpected(fileName, err);
  });
  if (!row || row.n === 0) throw new ImportError(fileName, 'the file has a header but no invoice rows.', 'Export the invoice list again: it should have one row per invoice under the header.');
  const fitting = formats.filter((_, i) => row[`bad_${i}`] === 0);
  if (fitting.includes('DD/MM/YYYY') && fitting.includes('MM/DD/YYYY')) {
    throw new ImportError(
      fileName,
      'the date format is ambiguous: every date in the file reads both as DD/MM/YYYY and as MM/DD/YYYY (no day above 12).',
      'Say which it is with a mapping: {"date_format": "DD/MM/YYYY"} (French exports) or {"date_format": "MM/DD/YYYY"} (US tools).',
    );
  }
  if (fitting.length) return fitting[0];
  // No format reads every value: report the values the closest format cannot read.
  const best = formats[formats.map((_, i) => row[`bad_${i}`]).reduce((b, v, i, all) => (v < all[b] ? i : b), 0)];
  return best;
}

/** What the load found of the file's lines, once they are in the store and checked. */
interface Loaded {
  stats: Stats;
  warnings: string[];
}

/** Loads the file's lines under the import's id and checks them (counts, dates near the period, balanced entries). */
async function loadAndValidate(
  s: Session,
  readPath: string,
  parts: CleanParts | undefined,
  fileName: string,
  sniffed: Sniffed,
  plan: Plan,
  progress: NonNullable<ImportOptions['onProgress']>,
  importId: number,
): Promise<Loaded> {
  // Checked again inside the write transaction: two copies of a file sent at once are one import.
  const duplicate = await s.one<{ import_id: number }>(`SELECT import_id FROM imports WHERE status = 'active' AND file_hash = $hash LIMIT 1`, { hash: sniffed.hash });
  if (duplicate) throw new DuplicateOf(duplicate.import_id);
  const params = { path: readPath, delim: plan.delimiter };
  const table = plan.format === 'fec' ? fecTable(importId) : 'invoice_rows';
  const selectList = Object.entries(plan.select).map(([name, expr]) => `${expr} AS ${name}`);
  try {
    if (plan.format === 'fec') {
      // The same CREATE TABLE AS a bare load does; the table is never modified afterwards, so its
      // rowids stay in file order and give the line numbers (see the ledger_lines view).
      await s.run(`CREATE TABLE ${table} AS SELECT $import_id::INTEGER AS import_id, $entity::VARCHAR AS entity_id, ${selectList.join(', ')} FROM ${readCsvSql(plan)}`, {
        ...params,
        import_id: importId,
        entity: plan.entity,
      });
    } else {
      // Insertion order is preserved: the new rows' rowids are consecutive in file order.
      await s.run(`INSERT INTO invoice_rows BY NAME SELECT $import_id::INTEGER AS import_id, 0 AS line_no, $entity AS entity_id, ${selectList.join(', ')} FROM ${readCsvSql(plan)}`, {
        ...params,
        import_id: importId,
        entity: plan.entity,
      });
      await s.run(`UPDATE invoice_rows SET line_no = (rowid - (SELECT min(rowid) FROM invoice_rows WHERE import_id = $id) + 2)::INTEGER WHERE import_id = $id`, { id: importId });
    }
  } catch (err) {
    // A value that does not parse raised BAD_VALUE (see fec.ts / invoices.ts); the transaction is
    // now aborted, so the bad lines are looked up after the rollback (see importFile).
    if (err instanceof Error && err.message.includes(BAD_VALUE)) throw new BadValues(plan, params);
    throw unexpected(fileName, err, parts);
  }

  progress('validating');
  const stats =
    plan.format === 'fec'
      ? await s.one<Stats>(
          `SELECT count(*)::BIGINT AS n, coalesce(sum(debit), 0)::DOUBLE AS debit, coalesce(sum(credit), 0)::DOUBLE AS credit, strftime(min(entry_date), '%Y-%m-%d') AS first_date, strftime(max(entry_date), '%Y-%m-%d') AS last_date FROM ${table}`,
        )
      : await s.one<Stats>(
          `SELECT count(*)::BIGINT AS n, coalesce(sum(amount) FILTER (WHERE amount > 0), 0)::DOUBLE AS debit, coalesce(-sum(amount) FILTER (WHERE amount < 0), 0)::DOUBLE AS credit, strftime(min(invoice_date), '%Y-%m-%d') AS first_date, strftime(max(invoice_date), '%Y-%m-%d') AS last_date FROM invoice_rows WHERE import_id = $id`,
          { id: importId },
        );
  if (!stats || stats.n === 0) {
    throw new ImportError(fileName, 'the file has a header but no data lines.', 'Export the ledger again: the file received stops after its first line.');
  }
  // dates far from the file's period (a year typed wrong) are refused before they reach the models
  const period = plan.format === 'fec' ? await fecPeriod(s, table, plan.closingDate) : await invoicePeriod(s, importId);
  const rows = plan.format === 'fec' ? table : `(SELECT * FROM invoice_rows WHERE import_id = ${importId})`;
  if (await hasDatesOutside(s, rows, plan.dated, period)) throw new BadValues(plan, params, windowChecks(plan.dated, period), period);
  const warnings = [...plan.warnings];
  if (plan.format === 'fec') await checkBalanced(s, fileName, table);
  else warnings.push(...(await invoiceWarnings(s, importId)));
  return { stats, warnings };
}

/** Replaces the earlier export of the same entity and period, records the import and rebuilds the models. */
async function replaceAndRebuild(
  s: Session,
  fileName: string,
  sniffed: Sniffed,
  plan: Plan,
  options: ImportOptions,
  started: Date,
  progress: NonNullable<ImportOptions['onProgress']>,
  importId: number,
  { stats, warnings }: Loaded,
): Promise<ImportOutcome> {
  progress('replacing');
  const periodStart = stats.first_date!;
  const periodEnd = plan.closingDate ?? stats.last_date!;
  if (plan.closingDate && stats.last_date! > plan.closingDate) {
    warnings.push(`Entries are dated up to ${stats.last_date}, after the closing date ${plan.closingDate} in the file name.`);
  }
  const replaced = await s.all<{ import_id: number; file_name: string; last_date: string | null }>(
    `SELECT import_id, file_name, strftime(period_end, '%Y-%m-%d') AS last_date FROM imports
      WHERE status = 'active' AND format = $format AND entity_id = $entity AND period_start <= $end::DATE AND period_end >= $start::DATE`,
    { format: plan.format, entity: plan.entity, start: periodStart, end: periodEnd },
  );
  for (const old of replaced) {
    await dropImportLines(s, old.import_id, plan.format);
    await s.run(`UPDATE imports SET status = 'replaced', replaced_by_import_id = $new WHERE import_id = $id`, { id: old.import_id, new: importId });
    warnings.push(`Replaces the earlier export ${old.file_name} (import #${old.import_id}) of the same entity and period.`);
  }

  if (plan.format === 'fec') await rebuildLedgerView(s, importId);

  const outcome: ImportOutcome = {
    import_id: importId,
    file_name: fileName,
    status: 'active',
    format: plan.format,
    entity_id: plan.entity,
    period_start: periodStart,
    period_end: periodEnd,
    line_count: Number(stats.n),
    total_debit: stats.debit,
    total_credit: stats.credit,
    warnings,
    duration_ms: 0,
    replaced_import_ids: replaced.map((r) => r.import_id),
    duplicate_of_import_id: null,
    error: null,
  };
  // The import is recorded first: the models read the active imports.
  await writeImportRow(s, outcome, sniffed, options, started, plan.detail, true);
  if (options.rebuild) {
    progress('rebuilding');
    warnings.push(...(await options.rebuild(s)));
  }
  outcome.duration_ms = Date.now() - started.getTime();
  await s.run(`UPDATE imports SET warnings = $warnings, duration_ms = $ms WHERE import_id = $id`, { warnings: JSON.stringify(warnings), ms: outcome.duration_ms, id: importId });
  return outcome;
}

/** The table holding one FEC import's lines; the name is built from an integer id only. */
export function fecTable(importId: number): string {
  if (!Number.isInteger(importId)) throw new Error(`bad import id ${importId}`);
  return `fec_lines_${importId}`;
}

/**
 * ledger_lines: every active FEC import's lines, numbered from their rowids. The offset is read
 * from each table rather than assumed, because rowids are offset inside the creating transaction.
 */
export async function rebuildLedgerView(s: Session, newImportId?: number): Promise<void> {
  const active = await s.all<{ import_id: number }>(`SELECT import_id FROM imports WHERE status = 'active' AND format = 'fec' ORDER BY import_id`);
  const ids = [...active.map((r) => r.import_id), ...(newImportId === undefined ? [] : [newImportId])];
  const parts = ids.map((id) => `SELECT (rowid - (SELECT min(rowid) FROM ${fecTable(id)}) + 2)::INTEGER AS line_no, * FROM ${fecTable(id)}`);
  await s.run(`CREATE OR REPLACE VIEW ledger_lines AS SELECT * FROM ledger_lines_empty${parts.map((p) => ` UNION ALL BY NAME ${p}`).join('')}`);
}

class DuplicateOf extends Error {
  constructor(readonly importId: number) {
    super('duplicate');
  }
}

/** Values that fail their checks: listed from the file after the rollback, said the checks' way or as unreadable values. */
class BadValues extends Error {
  constructor(
    readonly plan: Plan,
    readonly params: Record<string, string>,
    readonly checks: ValueCheck[] = plan.checks,
    readonly wording?: { summary: (total: number, columns: string) => string; hint: string },
  ) {
    super('bad values');
  }
}

interface Stats {
  n: number;
  debit: number;
  credit: number;
  first_date: string | null;
  last_date: string | null;
}

/** Re-reads the file to list the bad values with their line numbers (failure path only). */
async function valueProblems(s: Session, fileName: string, bad: BadValues): Promise<ImportError> {
  const problems: Problem[] = [];
  let total = 0;
  for (const check of bad.checks) {
    const rows = await s.all<{ line_no: number; value: string | null; reason: string | null; n: number }>(
      `WITH src AS (SELECT (row_number() OVER () + 1)::INTEGER AS line_no, * FROM ${readCsvSql(bad.plan)})
       SELECT line_no, ${check.rawExpr} AS value, ${check.reason ?? 'NULL'} AS reason, count(*) OVER ()::INTEGER AS n FROM src WHERE ${check.bad} ORDER BY line_no LIMIT ${MAX_LISTED}`,
      bad.params,
    );
    if (!rows.length) continue;
    total += rows[0].n;
    for (const r of rows) {
      if (problems.length < MAX_LISTED) problems.push({ line: r.line_no, column: check.column, value: r.value ?? '', message: r.reason ?? `expected ${check.expected}` });
    }
  }
  if (!total) return new ImportError(fileName, 'a required value is missing on some line.', 'Check that every line has a journal code, entry number, date and account. Nothing was imported.');
  const columns = [...new Set(problems.map((p) => p.column))].join(', ');
  return new ImportError(
    fileName,
    bad.wording?.summary(total, columns) ?? `${total} ${total === 1 ? 'value' : 'values'} could not be read (${columns}).`,
    bad.wording?.hint ?? 'Correct these lines in the export (or export the file again), then import it again. Nothing was imported.',
    problems,
    total,
  );
}

async function checkBalanced(s: Session, fileName: string, table: string): Promise<void> {
  const rows = await s.all<{ journal_code: string; entry_num: string; first_line: number; debit: number; credit: number; n: number }>(
    `SELECT journal_code, entry_num, (min(rowid) - (SELECT min(rowid) FROM ${table}) + 2)::INTEGER AS first_line, sum(debit)::DOUBLE AS debit, sum(credit)::DOUBLE AS credit, count(*) OVER ()::INTEGER AS n
       FROM ${table}
      GROUP BY journal_code, entry_num HAVING sum(debit) <> sum(credit)
      ORDER BY first_line LIMIT ${MAX_LISTED}`,
  );
  if (!rows.length) return;
  const total = rows[0].n;
  throw new ImportError(
    fileName,
    `${total} ${total === 1 ? 'entry is' : 'entries are'} not balanced (debits differ from credits).`,
    'Every entry (JournalCode + EcritureNum) of a FEC must balance. Export the ledger again from the accounting software; if the entries really are unbalanced, correct them there first. Nothing was imported.',
    rows.map((r) => ({
      line: r.first_line,
      column: 'EcritureNum',
      value: `${r.journal_code} ${r.entry_num}`,
      message: `entry off by ${(r.debit - r.credit).toFixed(2)} (debit ${r.debit.toFixed(2)}, credit ${r.credit.toFixed(2)})`,
    })),
    total,
  );
}

async function invoiceWarnings(s: Session, importId: number): Promise<string[]> {
  const row = await s.one<{ dup: number; due_before: number; settled_before: number }>(
    `SELECT
       (SELECT count(*) FROM (SELECT client_id, invoice_num FROM invoice_rows WHERE import_id = $id GROUP BY ALL HAVING count(*) > 1))::INTEGER AS dup,
       count(*) FILTER (WHERE due_date < invoice_date)::INTEGER AS due_before,
       count(*) FILTER (WHERE settled_date < invoice_date)::INTEGER AS settled_before
     FROM invoice_rows WHERE import_id = $id`,
    { id: importId },
  );
  const out: string[] = [];
  if (row?.dup) out.push(`${row.dup} invoice numbers appear more than once for the same client (instalments or duplicates): each row is kept as its own item.`);
  if (row?.due_before) out.push(`${row.due_before} invoices have a due date before their invoice date.`);
  if (row?.settled_before) out.push(`${row.settled_before} invoices are marked settled before their invoice date.`);
  return out;
}

/** The columns of an import's row, from its outcome. */
function importRowValues(o: ImportOutcome, sniffed: Sniffed | undefined, options: ImportOptions, started: Date, detail: Record<string, unknown> | null): Record<string, string | number | null> {
  return {
    file_name: o.file_name,
    file_hash: sniffed?.hash ?? null,
    file_bytes: sniffed?.bytes ?? null,
    source: options.source,
    format: o.format,
    format_detail: detail ? JSON.stringify(detail) : null,
    entity_id: o.entity_id,
    period_start: o.period_start,
    period_end: o.period_end,
    line_count: o.line_count,
    total_debit: o.total_debit,
    total_credit: o.total_credit,
    warnings: JSON.stringify(o.warnings),
    error: o.error ? JSON.stringify(o.error) : null,
    status: o.status,
    replaces_import_id: o.replaced_import_ids[0] ?? null,
    duplicate_of_import_id: o.duplicate_of_import_id,
    started_at: utcTimestamp(started),
    duration_ms: o.duration_ms,
    imported_by: options.by ?? null,
  };
}

const CASTS: Record<string, string> = { period_start: '::DATE', period_end: '::DATE', started_at: '::TIMESTAMP' };

/** Writes an import's row: over its 'running' row when it has one (exists), else as a new row. */
async function writeImportRow(s: Session, o: ImportOutcome, sniffed: Sniffed | undefined, options: ImportOptions, started: Date, detail: Record<string, unknown> | null, exists: boolean): Promise<void> {
  await writeRow(s, o.import_id, importRowValues(o, sniffed, options, started, detail), exists);
}

async function writeRow(s: Session, importId: number, values: Record<string, string | number | null>, exists: boolean): Promise<void> {
  const names = Object.keys(values);
  const param = (n: string) => `$${n}${CASTS[n] ?? ''}`;
  const sql = exists
    ? `UPDATE imports SET ${names.map((n) => `${n} = ${param(n)}`).join(', ')} WHERE import_id = $import_id`
    : `INSERT INTO imports (import_id, ${names.join(', ')}) VALUES ($import_id, ${names.map(param).join(', ')})`;
  await s.run(sql, { import_id: importId, ...values });
}

async function nextImportId(s: Session): Promise<number> {
  return (await s.one<{ id: number }>(`SELECT nextval('import_id_seq')::INTEGER AS id`))!.id;
}

/** Takes an import's lines out of the store: a FEC's own table, or an invoice list's rows (a replaced or removed import). */
export async function dropImportLines(s: Session, importId: number, format: string | null): Promise<void> {
  if (format === 'fec') await s.run(`DROP TABLE ${fecTable(importId)}`);
  else await s.run(`DELETE FROM invoice_rows WHERE import_id = $id`, { id: importId });
}

/** The import's row, 'running', committed before its transaction begins; returns its number. */
async function insertRunningRow(s: Session, fileName: string, sniffed: Sniffed, options: ImportOptions, started: Date): Promise<number> {
  const id = await nextImportId(s);
  await writeRow(s, id, { ...importRowValues({ ...emptyOutcome(fileName, started), import_id: id }, sniffed, options, started, null), status: 'running' }, false);
  return id;
}

/**
 * Imports left 'running' by a process that died during them (killed, out of memory, power cut):
 * the transaction that puts an import in force never committed, so nothing of them is in the
 * models or the ledger; their row says so, and the lines a FEC had staged in a table of its own
 * (committed before the process died, read by nothing) are dropped. Called when a process opens
 * the database file — it holds the file alone, so no import of another process can be running.
 */
export async function markInterruptedImports(db: Database): Promise<number> {
  return db.write(async (s) => {
    // only an active import's lines have a table: a replaced or removed one's went with it
    const staged = await s.all<{ name: string }>(
      `SELECT table_name AS name FROM duckdb_tables()
        WHERE database_name = current_database() AND schema_name = 'main' AND regexp_matches(table_name, '^fec_lines_[0-9]+$')
          AND table_name NOT IN (SELECT 'fec_lines_' || import_id::VARCHAR FROM imports WHERE status = 'active')`,
    );
    for (const t of staged) await s.run(`DROP TABLE ${fecTable(Number(t.name.slice('fec_lines_'.length)))}`);
    const rows = await s.all<{ import_id: number; file_name: string }>(`SELECT import_id, file_name FROM imports WHERE status = 'running'`);
    for (const r of rows) {
      const error = new ImportError(
        r.file_name,
        'the import was interrupted (the server or the command stopped before it finished): nothing of this file was kept.',
        'Import the file again.',
      );
      await s.run(`UPDATE imports SET status = 'failed', error = $error WHERE import_id = $id`, { id: r.import_id, error: JSON.stringify(error.toJSON()) });
    }
    return rows.length;
  });
}

function emptyOutcome(fileName: string, started: Date): ImportOutcome {
  return {
    import_id: 0,
    file_name: fileName,
    status: 'failed',
    format: null,
    entity_id: null,
    period_start: null,
    period_end: null,
    line_count: 0,
    total_debit: 0,
    total_credit: 0,
    warnings: [],
    duration_ms: Date.now() - started.getTime(),
    replaced_import_ids: [],
    duplicate_of_import_id: null,
    error: null,
  };
}

async function recordDuplicate(db: Database, fileName: string, sniffed: Sniffed, options: ImportOptions, started: Date, of: number, runningId?: number): Promise<ImportOutcome> {
  const previous = (await db.one<{ format: 'fec' | 'invoices'; entity_id: string; period_start: string; period_end: string; line_count: number }>(
    `SELECT format, entity_id, period_start, period_end, line_count FROM imports WHERE import_id = $id`,
    { id: of },
  ))!;
  return db.write(async (s) => {
    const id = runningId ?? (await nextImportId(s));
    const outcome: ImportOutcome = {
      ...emptyOutcome(fileName, started),
      ...previous,
      import_id: id,
      status: 'duplicate',
      line_count: 0,
      duplicate_of_import_id: of,
      warnings: [`This file is byte for byte the one already imported as #${of}: nothing was changed.`],
    };
    await writeImportRow(s, outcome, sniffed, options, started, null, runningId !== undefined);
    return outcome;
  });
}

async function recordFailure(db: Database, fileName: string, sniffed: Sniffed | undefined, options: ImportOptions, started: Date, error: ImportError, runningId?: number): Promise<ImportOutcome> {
  return db.write(async (s) => {
    const id = runningId ?? (await nextImportId(s));
    const outcome: ImportOutcome = { ...emptyOutcome(fileName, started), import_id: id, error: error.toJSON() };
    await writeImportRow(s, outcome, sniffed, options, started, null, runningId !== undefined);
    return outcome;
  });
}
