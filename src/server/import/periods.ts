// How far a file's dates may stray from the period it covers before they are typos. One wrong year
// — 22060115 for 20260115, 00010101, 99991231 — would otherwise become the app's as-of date, stretch
// every monthly series over centuries and empty the DSO; so such dates are refused with their
// lines, and the import changes nothing. Checked on the loaded rows inside the import's
// transaction; the bad values are then listed from the file, as unreadable values are.
import type { Session } from '../db/database.ts';
import type { ValueCheck } from './errors.ts';

/**
 * A FEC's fiscal year lasts 12 months, but a first fiscal year, or one lengthened by a change of
 * closing date, may last up to 24 (Code de commerce; the tax rules cap it there in practice).
 */
const LONGEST_FISCAL_YEAR_MONTHS = 24;
/**
 * Entry dates may stray one month either side of that: a company's first fiscal year takes over
 * the entries of the company in formation, dated before it started; some packages date closing
 * entries or the next year's opening ones a few days after the closing date. Beyond a month, a
 * date is a typo — a wrong year, or a wrong month of the next year.
 */
const ENTRY_MARGIN_MONTHS = 1;
/**
 * Document, lettering and validation dates lie further out: an opening entry carries the date of
 * an invoice issued years before (a doubtful debt can wait that long: a commercial debt prescribes
 * after 5 years, and collection can run past it), lettering and validation go on after the closing
 * until the export, which a tax audit may ask for years later. Ten years before the fiscal year
 * and five after hold all of these; 0001, 9999 or 2206 are typos.
 */
const YEARS_BEFORE = 10;
const YEARS_AFTER = 5;
/**
 * An invoice list has no fiscal year: it can hold an ERP's whole history, or open items many years
 * old. Ten years either side of its median invoice date holds two decades of invoices; what lies
 * further is a wrong year or a spreadsheet's empty date (30/12/1899).
 */
const INVOICE_YEARS = 10;

/** A date column of a file: where it is loaded, how the file names it, and the SQL that reads it from the file's row. */
export interface DatedColumn {
  loaded: string;
  column: string;
  /** SQL: the parsed date, over the file's row (as the load reads it) */
  parsed: string;
  /** SQL: the value as written */
  rawExpr: string;
  /** the period's own dates (entry, invoice dates) or the dates around them (documents, lettering, due, settled) */
  kind: 'own' | 'around';
}

interface Window {
  from: string;
  to: string;
  expected: string;
}

/** The windows a file's dates must fall in, and how a refusal says it. */
export interface Period {
  windows: Record<DatedColumn['kind'], Window>;
  summary: (total: number, columns: string) => string;
  hint: string;
}

/** The window as SQL: dates kept within the years a date can be written in (0001-9999). */
const bounds = (lo: string, hi: string) =>
  `strftime(greatest(${lo}, DATE '0001-01-01'), '%Y-%m-%d') AS lo, strftime(least(${hi}, DATE '9999-12-31'), '%Y-%m-%d') AS hi`;

async function window(s: Session, center: string, lo: string, hi: string, params: Record<string, string> = {}): Promise<{ center: string; lo: string; hi: string }> {
  return (await s.one<{ center: string; lo: string; hi: string }>(`SELECT strftime(c, '%Y-%m-%d') AS center, ${bounds(lo, hi)} FROM (SELECT ${center} AS c)`, params))!;
}

const refusal = (n: number, where: string, columns: string) => `${n} ${n === 1 ? 'date is' : 'dates are'} ${where} (${columns}).`;
const FEC_HINT = 'A year typed wrong (2206 for 2026, 0001, 9999) is the usual cause: correct these entries in the accounting software and export the FEC again.';

/**
 * A FEC's windows: its fiscal year from the closing date in its name, else from its median entry
 * date — every entry of a fiscal year of at most 24 months lies within 24 months of its median.
 */
export async function fecPeriod(s: Session, table: string, closingDate: string | undefined): Promise<Period> {
  const months = LONGEST_FISCAL_YEAR_MONTHS + ENTRY_MARGIN_MONTHS;
  const own = closingDate
    ? await window(s, `$closing::DATE`, `(c + INTERVAL 1 DAY - INTERVAL ${months} MONTH)::DATE`, `(c + INTERVAL ${ENTRY_MARGIN_MONTHS} MONTH)::DATE`, { closing: closingDate })
    : await window(s, `(SELECT quantile_disc(entry_date, 0.5) FROM ${table})`, `(c - INTERVAL ${months} MONTH)::DATE`, `(c + INTERVAL ${months} MONTH)::DATE`);
  const around = await window(s, `$lo::DATE`, `(c - INTERVAL ${YEARS_BEFORE} YEAR)::DATE`, `($hi::DATE + INTERVAL ${YEARS_AFTER} YEAR)::DATE`, { lo: own.lo, hi: own.hi });
  const ownWhy = closingDate
    ? `the fiscal year ending ${closingDate} lasts at most ${LONGEST_FISCAL_YEAR_MONTHS} months; a month's margin either side`
    : `within ${months} months of the file's median entry date, ${own.center}: a fiscal year lasts at most ${LONGEST_FISCAL_YEAR_MONTHS} months`;
  return {
    windows: {
      own: { from: own.lo, to: own.hi, expected: `a date from ${own.lo} to ${own.hi} (${ownWhy})` },
      around: { from: around.lo, to: around.hi, expected: `a date from ${around.lo} to ${around.hi} (up to ${YEARS_BEFORE} years before the fiscal year and ${YEARS_AFTER} years after it)` },
    },
    summary: (n, columns) => refusal(n, closingDate ? `outside the fiscal year ending ${closingDate}` : 'far from the period the file covers', columns),
    hint: closingDate
      ? `${FEC_HINT} If the closing date in the file name is wrong, rename the file <SIREN>FEC<closing date>.txt. Nothing was imported.`
      : `${FEC_HINT} Nothing was imported.`,
  };
}

/**
 * An invoice is not dated years ahead: invoices issued ahead (a yearly or quarterly billing
 * schedule) lie within a year of the day of the import; beyond, an invoice date is a typo — one
 * such date (2034 for 2024) would otherwise become the app's as-of date. (Due dates may lie years
 * ahead: instalments.)
 */
const INVOICE_AHEAD_DAYS = 366;

/** An invoice list's windows: around its median invoice date, and its invoice dates not in the future. */
export async function invoicePeriod(s: Session, importId: number): Promise<Period> {
  const w = await window(s, `(SELECT quantile_disc(invoice_date, 0.5) FROM invoice_rows WHERE import_id = ${Number(importId)})`, `(c - INTERVAL ${INVOICE_YEARS} YEAR)::DATE`, `(c + INTERVAL ${INVOICE_YEARS} YEAR)::DATE`);
  const span: Window = { from: w.lo, to: w.hi, expected: `a date from ${w.lo} to ${w.hi} (within ${INVOICE_YEARS} years of the file's median invoice date, ${w.center})` };
  const ahead = (await s.one<{ d: string }>(`SELECT strftime(current_date + ${INVOICE_AHEAD_DAYS}, '%Y-%m-%d') AS d`))!.d;
  const own: Window =
    ahead < span.to
      ? { from: span.from, to: ahead, expected: `a date from ${span.from} to ${ahead} (within ${INVOICE_YEARS} years of the file's median invoice date, ${w.center}, and an invoice is not dated more than a year ahead of today)` }
      : span;
  return {
    windows: { own, around: span },
    summary: (n, columns) => refusal(n, 'far from the period the file covers', columns),
    hint: "A year typed wrong, or a spreadsheet's empty date (30/12/1899, 00/01/1900), is the usual cause: correct these dates and export the file again. Nothing was imported.",
  };
}

const outside = (date: string, w: Window) => `${date} NOT BETWEEN '${w.from}'::DATE AND '${w.to}'::DATE`;

/** Whether a loaded row has a date outside its window (`rows`: the relation of this import's loaded rows). */
export async function hasDatesOutside(s: Session, rows: string, columns: DatedColumn[], period: Period): Promise<boolean> {
  const row = await s.one<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${rows} WHERE ${columns.map((c) => outside(c.loaded, period.windows[c.kind])).join(' OR ')}) AS found`);
  return !!row?.found;
}

/** The checks that list the dates outside their windows from the file, with their lines. */
export function windowChecks(columns: DatedColumn[], period: Period): ValueCheck[] {
  return columns.map((c) => ({ column: c.column, bad: outside(c.parsed, period.windows[c.kind]), rawExpr: c.rawExpr, expected: period.windows[c.kind].expected }));
}
