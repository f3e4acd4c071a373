// FEC (Fichier des Écritures Comptables) reading: the column layout found in the header, and the
// SQL that loads the lines through DuckDB's read_csv (all columns as VARCHAR, then parsed with
// TRY_ functions so that every bad value can be reported with its line instead of the first one
// aborting the load). See DOMAIN.md §2.1.
import { ImportError, optional, required, type Problem, type ValueCheck } from './errors.ts';
import { normaliseName } from './header.ts';
import { amountTypoReason } from './amounts.ts';
import type { DatedColumn } from './periods.ts';

/** The FEC columns we read, with the header spellings seen in real exports. */
const FEC_COLUMNS = {
  JournalCode: ['journalcode'],
  JournalLib: ['journallib'],
  EcritureNum: ['ecriturenum'],
  EcritureDate: ['ecrituredate'],
  CompteNum: ['comptenum'],
  CompteLib: ['comptelib'],
  CompAuxNum: ['compauxnum'],
  CompAuxLib: ['compauxlib'],
  PieceRef: ['pieceref'],
  PieceDate: ['piecedate'],
  EcritureLib: ['ecriturelib'],
  Debit: ['debit'],
  Credit: ['credit'],
  Montant: ['montant'],
  Sens: ['sens'],
  EcritureLet: ['ecriturelet', 'lettrage'],
  DateLet: ['datelet'],
  ValidDate: ['validdate'],
  Montantdevise: ['montantdevise'],
  Idevise: ['idevise'],
} as const;

export type FecColumn = keyof typeof FEC_COLUMNS;

/**
 * The 18 columns every FEC has by law (article A47 A-1 of the Livre des procédures fiscales), in
 * their order, Debit and Credit aside: they may be Montant and Sens instead. A header short of one
 * is not a FEC (a cut export, a hand-made file): taking it would replace a full export with it.
 */
const REQUIRED: FecColumn[] = ['JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef', 'PieceDate', 'EcritureLib', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise'];

export function isFecHeader(columns: string[]): boolean {
  const names = new Set(columns.map((c) => normaliseName(c).replace(/ /g, '')));
  return names.has('journalcode') && names.has('ecriturenum') && names.has('comptenum');
}

export interface FecLayout {
  /** index of each known column in the file */
  index: Partial<Record<FecColumn, number>>;
  amountLayout: 'debit-credit' | 'montant-sens';
  columnCount: number;
}

export function fecLayout(fileName: string, columns: string[]): FecLayout {
  const index: Partial<Record<FecColumn, number>> = {};
  columns.forEach((name, i) => {
    const key = normaliseName(name).replace(/ /g, '');
    for (const [col, spellings] of Object.entries(FEC_COLUMNS) as [FecColumn, readonly string[]][]) {
      if (spellings.includes(key) && index[col] === undefined) index[col] = i;
    }
  });
  const missing: Problem[] = REQUIRED.filter((c) => index[c] === undefined).map((c) => ({ line: 1, column: c, message: 'required column not found in the header' }));
  let amountLayout: FecLayout['amountLayout'];
  if (index.Debit !== undefined && index.Credit !== undefined) amountLayout = 'debit-credit';
  else if (index.Montant !== undefined && index.Sens !== undefined) amountLayout = 'montant-sens';
  else {
    amountLayout = 'debit-credit';
    // in the legal order: after EcritureLib
    missing.splice(missing.filter((p) => REQUIRED.indexOf(p.column as FecColumn) < REQUIRED.indexOf('EcritureLet')).length, 0, {
      line: 1,
      column: 'Debit/Credit',
      message: 'neither the Debit and Credit columns nor the Montant and Sens columns were found',
    });
  }
  if (missing.length) {
    throw new ImportError(
      fileName,
      `this FEC lacks ${missing.length === 1 ? 'a required column' : 'required columns'} (${missing.map((p) => p.column).join(', ')}).`,
      `Check the header line: a FEC has the 18 columns JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum, CompteLib, CompAuxNum, CompAuxLib, PieceRef, PieceDate, EcritureLib, Debit, Credit, EcritureLet, DateLet, ValidDate, Montantdevise, Idevise (or Montant and Sens instead of Debit and Credit). Columns found: ${columns.join(', ')}.`,
      missing,
    );
  }
  return { index, amountLayout, columnCount: columns.length };
}

/** Free-text columns: kept as written (trimming every label costs a fifth of the load time). */
const LABELS: FecColumn[] = ['JournalLib', 'CompteLib', 'CompAuxLib', 'EcritureLib'];

/** SQL expression of a column's raw text, or NULL when the file lacks it; codes, dates and amounts are trimmed. */
function raw(layout: FecLayout, col: FecColumn): string {
  const i = layout.index[col];
  if (i === undefined) return 'NULL::VARCHAR';
  return LABELS.includes(col) ? `nullif(c${i}, '')` : `nullif(trim(c${i}), '')`;
}

/**
 * FEC dates are YYYYMMDD: that format is tried alone first — on 8 characters only, as strptime
 * would read '2024011' as 2024-01-01 — and the other formats seen in exports where it fails.
 */
const date = (expr: string) => `coalesce(CASE WHEN length(${expr}) = 8 THEN try_strptime(${expr}, '%Y%m%d') END, try_strptime(${expr}, ['%Y-%m-%d', '%d/%m/%Y']))::DATE`;
/** SQL: a number as programs write it and no ledger means (1e5, 1_000), which DuckDB's cast would take. */
const programmersNumber = (col: string) => `(contains(${col}, 'e') OR contains(${col}, 'E') OR contains(${col}, '_'))`;
/**
 * An amount, 0 when empty, NULL when unreadable: a plain cast of '1234,56' first (DuckDB's cast
 * ignores surrounding spaces), the general parse_amount only for the values it cannot read.
 */
const amountOrZero = (rawCol: string, expr: string) =>
  `CASE WHEN ${programmersNumber(rawCol)} OR ${beyondCents(expr)} THEN NULL ELSE coalesce(TRY_CAST(replace(${rawCol}, ',', '.') AS DECIMAL(18,2)), CASE WHEN ${expr} IS NULL THEN 0 ELSE parse_amount(${expr}) END) END`;
/**
 * SQL: a euro amount a cast would misread — a fraction of a cent (0,005 and 1,234 are read 0,01 and
 * 1,23), or one to three digits, a mark and three digits (1.234, 12,500: a thousands mark without
 * cents, or three decimals? a thousand times apart). A FEC writes euros with two decimals and no
 * thousands mark (A47 A-1): these are refused rather than rounded. Zeros past the cents are no
 * fraction (1234,560, 0,000). (Montantdevise may have three decimals: some currencies do.)
 */
const beyondCents = (expr: string) => `coalesce(regexp_matches(${expr}, '[.,][0-9]{2}[0-9]*[1-9][0-9]*$') OR regexp_matches(${expr}, '^-?[1-9][0-9]{0,2}[.,][0-9]{3}$'), false)`;
const beyondCentsReason = (expr: string) =>
  `CASE WHEN ${beyondCents(expr)} THEN 'a fraction of a cent, or a thousands mark without cents (1.234: 1 234 or 1,234?)? Write euros with two decimals and no thousands mark, like 1234,00' ELSE ${amountTypoReason(expr)} END`;
/** An optional amount (Montantdevise): NULL when empty or unreadable. */
const amount = (expr: string) => `CASE WHEN ${programmersNumber(expr)} THEN NULL ELSE parse_amount(${expr}) END`;

/** Parsed values of one FEC row, as SQL expressions over read_csv's c0…cN columns. */
export function fecSelectList(layout: FecLayout): Record<string, string> {
  const r = (c: FecColumn) => raw(layout, c);
  let debit: string;
  let credit: string;
  const col = (c: FecColumn) => `c${layout.index[c]}`;
  if (layout.amountLayout === 'debit-credit') {
    debit = amountOrZero(col('Debit'), r('Debit'));
    credit = amountOrZero(col('Credit'), r('Credit'));
  } else {
    const amount = amountOrZero(col('Montant'), r('Montant'));
    const sens = `upper(${r('Sens')})`;
    debit = `CASE WHEN ${sens} IN ('D', '+1', '1') THEN ${amount} WHEN ${sens} IN ('C', '-1') THEN 0 END`;
    credit = `CASE WHEN ${sens} IN ('C', '-1') THEN ${amount} WHEN ${sens} IN ('D', '+1', '1') THEN 0 END`;
  }
  // Required values raise an error when missing or unreadable, optional ones when unreadable:
  // the load stops at the first and the importer then lists them all (importer.ts).
  return {
    journal_code: required(r('JournalCode')),
    journal_lib: r('JournalLib'),
    entry_num: required(r('EcritureNum')),
    entry_date: required(date(r('EcritureDate'))),
    account_num: required(r('CompteNum')),
    account_lib: r('CompteLib'),
    aux_num: r('CompAuxNum'),
    aux_lib: r('CompAuxLib'),
    piece_ref: r('PieceRef'),
    piece_date: optional(date(r('PieceDate')), r('PieceDate')),
    line_label: r('EcritureLib'),
    debit: required(debit),
    credit: required(credit),
    letter_code: r('EcritureLet'),
    letter_date: optional(date(r('DateLet')), r('DateLet')),
    valid_date: optional(date(r('ValidDate')), r('ValidDate')),
    fx_amount: optional(amount(r('Montantdevise')), r('Montantdevise')),
    currency: r('Idevise'),
  };
}

/**
 * Checks of parsed values: each returns the SQL condition that makes a row bad, the column to
 * name and what was expected. Evaluated over read_csv again only when the load found bad rows.
 */
export function fecValueChecks(layout: FecLayout): ValueCheck[] {
  const r = (c: FecColumn) => raw(layout, c);
  const col = (c: FecColumn) => `c${layout.index[c]}`;
  const checks: ValueCheck[] = [
    { column: 'JournalCode', bad: `${r('JournalCode')} IS NULL`, rawExpr: r('JournalCode'), expected: 'a journal code (it is empty)' },
    { column: 'EcritureNum', bad: `${r('EcritureNum')} IS NULL`, rawExpr: r('EcritureNum'), expected: 'an entry number (it is empty)' },
    { column: 'CompteNum', bad: `${r('CompteNum')} IS NULL`, rawExpr: r('CompteNum'), expected: 'an account number (it is empty)' },
    { column: 'EcritureDate', bad: `${date(r('EcritureDate'))} IS NULL`, rawExpr: r('EcritureDate'), expected: 'a date written YYYYMMDD' },
    { column: 'PieceDate', bad: `${r('PieceDate')} IS NOT NULL AND ${date(r('PieceDate'))} IS NULL`, rawExpr: r('PieceDate'), expected: 'a date written YYYYMMDD' },
    { column: 'DateLet', bad: `${r('DateLet')} IS NOT NULL AND ${date(r('DateLet'))} IS NULL`, rawExpr: r('DateLet'), expected: 'a date written YYYYMMDD' },
    { column: 'ValidDate', bad: `${r('ValidDate')} IS NOT NULL AND ${date(r('ValidDate'))} IS NULL`, rawExpr: r('ValidDate'), expected: 'a date written YYYYMMDD' },
  ];
  // the amounts as the load reads them (fecSelectList), with why a programmer's number is none
  const amountCheck = (c: FecColumn): ValueCheck => ({ column: c, bad: `${amountOrZero(col(c), r(c))} IS NULL`, rawExpr: r(c), expected: 'an amount such as 1234,56', reason: beyondCentsReason(r(c)) });
  if (layout.amountLayout === 'debit-credit') checks.push(amountCheck('Debit'), amountCheck('Credit'));
  else {
    checks.push(amountCheck('Montant'));
    checks.push({ column: 'Sens', bad: `upper(coalesce(${r('Sens')}, '')) NOT IN ('D', 'C', '+1', '1', '-1')`, rawExpr: r('Sens'), expected: 'D or C (or +1 / -1)' });
  }
  checks.push({ column: 'Montantdevise', bad: `${r('Montantdevise')} IS NOT NULL AND ${amount(r('Montantdevise'))} IS NULL`, rawExpr: r('Montantdevise'), expected: 'an amount such as 1234,56', reason: amountTypoReason(r('Montantdevise')) });
  return checks;
}

/** The FEC's dates, for the check of their windows (periods.ts): the entry date is the fiscal year's own. */
export function fecDatedColumns(layout: FecLayout): DatedColumn[] {
  const dated = (column: FecColumn, loaded: string, kind: DatedColumn['kind']): DatedColumn => ({ loaded, column, parsed: date(raw(layout, column)), rawExpr: raw(layout, column), kind });
  return [dated('EcritureDate', 'entry_date', 'own'), dated('PieceDate', 'piece_date', 'around'), dated('DateLet', 'letter_date', 'around'), dated('ValidDate', 'valid_date', 'around')];
}

/** `<SIREN>FEC<YYYYMMDD>` → entity and fiscal year closing date. */
export function parseFecFileName(fileName: string): { siren?: string; closingDate?: string } {
  const m = /(\d{9})FEC(\d{4})(\d{2})(\d{2})/i.exec(fileName);
  if (!m) return {};
  const [, siren, y, mo, d] = m;
  const closing = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const valid = closing.getUTCFullYear() === Number(y) && closing.getUTCMonth() === Number(mo) - 1 && closing.getUTCDate() === Number(d);
  return { siren, closingDate: valid ? `${y}-${mo}-${d}` : undefined };
}
