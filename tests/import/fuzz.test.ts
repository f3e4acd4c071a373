// Property-based tests of the FEC and invoice CSV readers (fast-check): files generated with their
// known totals — in every separator, amount form, encoding and line-end style the readers accept —
// then mutated (a bad amount or date, a date years away, a field too many or too few, a padded
// line, a missing header column, random bytes); and random amount strings, read as the FEC norm
// writes amounts or refused at their line (before that property, 1.234 was read 1,23). Whatever comes in, the import never throws: it
// either imports exactly what the generator put in, or refuses with a report — naming the line
// when the fault is on a line, never with DuckDB's own words — and leaves the store unchanged.
// A fixed seed keeps the run reproducible; fast-check prints the seed and path of a failure, and
// ENCOURS_FUZZ_SEED / ENCOURS_FUZZ_RUNS replay it or search longer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../src/server/import/importer.ts';
import type { ImportOutcome } from '../../src/lib/contract/index.ts';
import { openTestDb, storeFingerprint, type TestDb } from '../helpers.ts';

const SEED = Number(process.env.ENCOURS_FUZZ_SEED ?? 20240101);
const runs = (n: number) => Number(process.env.ENCOURS_FUZZ_RUNS ?? n);

let t: TestDb;
let fileNo = 0;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

// ---- what files are made of -------------------------------------------------------------------

const ENCODINGS = ['utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le', 'utf-16le-bom', 'utf-16be'] as const;
type Encoding = (typeof ENCODINGS)[number];
const LINE_ENDS = ['\n', '\r\n', '\r\r\n', '\r', 'mixed'] as const;
type LineEnds = (typeof LINE_ENDS)[number];

function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'windows-1252':
      return iconv.encode(text, 'windows-1252');
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16();
  }
}

/** The lines joined with their ends; 'mixed' gives each line one of \n, \r\n and \r, as pasted files have. */
function joinLines(lines: string[], ends: LineEnds, pick: number[]): string {
  return lines.map((l, i) => l + (ends === 'mixed' ? ['\n', '\r\n', '\r'][pick[i % pick.length]] : ends)).join('');
}

/** 1234567 → '1 234 567' with the given separator. */
const grouped = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

const LABELS = ['Boulangerie Lefèvre & Cœur', 'Facture n° FA-12 — 1 200,00 €', 'Prestation l’atelier', 'Garage Noël', 'Épicerie « Bio »', 'Transports Dupont SA'];

// ---- FEC --------------------------------------------------------------------------------------

const FEC_HEADER = ['JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef', 'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise'];
const FEC_EXTRA = ['DateRglt', 'ModeRglt', 'NatOp', 'IdClient'];
const FEC_AMOUNT_FORMS = ['comma', 'point', 'spaced', 'dotted', 'padded'] as const;

const fecEntry = fc.record({ bank: fc.boolean(), day: fc.integer({ min: 0, max: 365 }), cents: fc.integer({ min: 1, max: 99_999_999 }), client: fc.integer({ min: 1, max: 40 }), label: fc.nat(LABELS.length - 1) });

const fecShape = fc.record({
  entries: fc.array(fecEntry, { minLength: 2, maxLength: 12 }),
  separator: fc.constantFrom('\t', '|'),
  amounts: fc.constantFrom(...FEC_AMOUNT_FORMS),
  emptyZeros: fc.boolean(),
  montantSens: fc.boolean(),
  named: fc.boolean(),
  extraColumns: fc.constantFrom(0, 4),
  encoding: fc.constantFrom(...ENCODINGS),
  lineEnds: fc.constantFrom(...LINE_ENDS),
  endPicks: fc.array(fc.nat(2), { minLength: 1, maxLength: 7 }),
});
type FecShape = typeof fecShape extends fc.Arbitrary<infer T> ? T : never;

const ymd = (day: number) => new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10).replace(/-/g, '');

function fecAmount(cents: number, form: (typeof FEC_AMOUNT_FORMS)[number]): string {
  const units = Math.floor(cents / 100);
  const hundredths = String(cents % 100).padStart(2, '0');
  switch (form) {
    case 'comma':
      return `${units},${hundredths}`;
    case 'point':
      return `${units}.${hundredths}`;
    case 'spaced':
      return `${grouped(units, ' ')},${hundredths}`;
    case 'dotted':
      return `${grouped(units, '.')},${hundredths}`;
    case 'padded':
      return `${String(units).padStart(10, '0')},${hundredths}`;
  }
}

/** The FEC's header and lines as fields; each entry is two balanced lines (411/706, or 512/411). */
function fecFields(shape: FecShape, nonce: number): string[][] {
  const header = [...FEC_HEADER, ...FEC_EXTRA.slice(0, shape.extraColumns)];
  if (shape.montantSens) header.splice(11, 2, 'Montant', 'Sens');
  const rows: string[][] = [];
  shape.entries.forEach((e, i) => {
    const date = ymd(e.day);
    const amount = fecAmount(e.cents, shape.amounts);
    const zero = shape.emptyZeros ? '' : fecAmount(0, shape.amounts);
    const client = `C${String(e.client).padStart(4, '0')}`;
    const label = `${LABELS[e.label]} ${nonce}`;
    const line = (account: string, aux: string, debit: boolean) => {
      const amounts = shape.montantSens ? [amount, debit ? 'D' : 'C'] : debit ? [amount, zero] : [zero, amount];
      const extra = ['', 'VIR', '', aux].slice(0, shape.extraColumns);
      return [e.bank ? 'BQ' : 'VE', e.bank ? 'Banque' : 'Ventes', String(i + 1), date, account, 'Compte', aux, aux ? LABELS[e.label] : '', `P${i + 1}`, date, label, ...amounts, '', '', date, '', '', ...extra];
    };
    if (e.bank) rows.push(line('512000', '', true), line('411000', client, false));
    else rows.push(line('411000', client, true), line('706000', '', false));
  });
  return [header, ...rows];
}

const fecTotal = (shape: FecShape) => shape.entries.reduce((sum, e) => sum + e.cents, 0) / 100;

// ---- invoice CSV ------------------------------------------------------------------------------

const NAMES = ['Acme, Inc.', 'Boulangerie "Chez Paul"', 'Noël & Fils', 'Garage Lefèvre; Cie', 'Société Générale de Transports'];
const INVOICE_HEADERS = {
  fr: ['Code client', 'Raison sociale', 'N° facture', 'Date facture', "Date d'échéance", 'Montant TTC', 'Date de règlement'],
  en: ['Customer ID', 'Customer Name', 'Invoice Number', 'Invoice Date', 'Due Date', 'Amount', 'Settled Date'],
};
const EXTRA_HEADERS = ['Commercial', 'Région', 'Notes'];

const invoiceRow = fc.record({
  client: fc.integer({ min: 1, max: 30 }),
  name: fc.nat(NAMES.length - 1),
  month: fc.integer({ min: 1, max: 12 }),
  // days from 13 on: every date tells DD/MM from MM/DD, so the format is never ambiguous
  day: fc.integer({ min: 13, max: 28 }),
  cents: fc.integer({ min: -5_000_000, max: 99_999_999 }).filter((c) => c !== 0),
  settledAfter: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
});

const invoiceShape = fc.record({
  rows: fc.array(invoiceRow, { minLength: 2, maxLength: 12 }),
  lang: fc.constantFrom('fr', 'en') as fc.Arbitrary<'fr' | 'en'>,
  delimiter: fc.constantFrom(';', ',', '\t', '|'),
  isoDates: fc.boolean(),
  grouping: fc.boolean(),
  currency: fc.boolean(),
  brackets: fc.boolean(),
  extraColumns: fc.nat(2),
  encoding: fc.constantFrom(...ENCODINGS),
  lineEnds: fc.constantFrom(...LINE_ENDS),
  endPicks: fc.array(fc.nat(2), { minLength: 1, maxLength: 7 }),
});
type InvoiceShape = typeof invoiceShape extends fc.Arbitrary<infer T> ? T : never;

const isoDay = (month: number, day: number, plus = 0) => new Date(Date.UTC(2024, month - 1, day + plus)).toISOString().slice(0, 10);
const invoiceDate = (shape: InvoiceShape, iso: string) => (shape.isoDates ? iso : iso.split('-').reverse().join('/'));

/** An amount written the file's way: French (1 234,56 €) or English (€1,234.56), negatives with a minus or in brackets. */
function invoiceAmount(shape: InvoiceShape, cents: number): string {
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const hundredths = String(abs % 100).padStart(2, '0');
  const fr = shape.lang === 'fr';
  let text = fr ? `${shape.grouping ? grouped(units, ' ') : units},${hundredths}` : `${shape.grouping ? grouped(units, ',') : units}.${hundredths}`;
  if (shape.currency) text = fr ? `${text} €` : `€${text}`;
  if (cents < 0) text = shape.brackets ? `(${text})` : `-${text}`;
  return text;
}

function invoiceFields(shape: InvoiceShape, nonce: number): string[][] {
  const header = [...INVOICE_HEADERS[shape.lang], ...EXTRA_HEADERS.slice(0, shape.extraColumns)];
  const rows = shape.rows.map((r, i) => {
    const issued = isoDay(r.month, r.day);
    return [
      `C${String(r.client).padStart(5, '0')}`,
      `${NAMES[r.name]} ${nonce}`,
      `F-${nonce}-${i + 1}`,
      invoiceDate(shape, issued),
      invoiceDate(shape, isoDay(r.month, r.day, 30)),
      invoiceAmount(shape, r.cents),
      r.settledAfter === null ? '' : invoiceDate(shape, isoDay(r.month, r.day, r.settledAfter)),
      ...['Martin', 'Île-de-France', 'relancé'].slice(0, shape.extraColumns),
    ];
  });
  return [header, ...rows];
}

const csvField = (value: string, delimiter: string) => (value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

const invoiceTotals = (shape: InvoiceShape) => ({
  debit: shape.rows.reduce((s, r) => s + Math.max(r.cents, 0), 0) / 100,
  credit: shape.rows.reduce((s, r) => s - Math.min(r.cents, 0), 0) / 100,
});

// ---- mutations ------------------------------------------------------------------------------

/** A change to one line (or the header), and whether the import must refuse it there. */
type Mutation =
  | { kind: 'none' }
  | { kind: 'bad-amount' | 'bad-date' | 'far-date' | 'near-date'; row: number; value: string }
  | { kind: 'missing-field' | 'extra-field' | 'padded-line'; row: number }
  | { kind: 'trailing-empties'; row: number; count: number }
  | { kind: 'header-drop'; column: number };

/** Mutations that leave the file importable with the same totals. */
const HARMLESS = new Set(['none', 'near-date', 'trailing-empties']);

const BAD_AMOUNTS = ['1e5', '1E3', '1_000', '12,5O', 'abc', '--5', '1,2,3', '12..5'];

/** The mutations of a file of `rows` rows; `required` are the header columns a file cannot lack. */
function mutation(rows: number, required: number[], dates: { bad: string[]; far: string[]; near: string[] }): fc.Arbitrary<Mutation> {
  const row = fc.integer({ min: 0, max: rows - 1 });
  return fc.oneof(
    fc.constant<Mutation>({ kind: 'none' }),
    fc.record({ kind: fc.constant('bad-amount' as const), row, value: fc.constantFrom(...BAD_AMOUNTS) }),
    fc.record({ kind: fc.constant('bad-date' as const), row, value: fc.constantFrom(...dates.bad) }),
    fc.record({ kind: fc.constant('far-date' as const), row, value: fc.constantFrom(...dates.far) }),
    fc.record({ kind: fc.constant('near-date' as const), row, value: fc.constantFrom(...dates.near) }),
    fc.record({ kind: fc.constantFrom('missing-field' as const, 'extra-field' as const, 'padded-line' as const), row }),
    fc.record({ kind: fc.constant('trailing-empties' as const), row, count: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('header-drop' as const), column: fc.constantFrom(...required) }),
  );
}

/** Applies a mutation to the fields; `amountAt` and `dateAt` are the columns it changes. */
function mutate(fields: string[][], m: Mutation, at: { amount: number; date: number }): string[][] {
  const out = fields.map((r) => [...r]);
  if (m.kind === 'none') return out;
  if (m.kind === 'header-drop') {
    return out.map((r) => r.filter((_, i) => i !== m.column));
  }
  const r = out[m.row + 1];
  if (m.kind === 'bad-amount') r[at.amount] = m.value;
  else if (m.kind === 'bad-date' || m.kind === 'far-date' || m.kind === 'near-date') r[at.date] = m.value;
  else if (m.kind === 'missing-field') r.pop();
  else if (m.kind === 'extra-field') r.push('EXTRA');
  else if (m.kind === 'trailing-empties') r.push(...Array<string>(m.count).fill(''));
  else if (m.kind === 'padded-line') r.push(...Array<string>(70_000).fill(''));
  return out;
}

/** Random bytes put in at random places of the encoded file (`at` taken modulo its length). */
const byteNoise = fc.array(fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 2 });
function withNoise(bytes: Buffer, noise: { at: number; bytes: Uint8Array }[]): Buffer {
  let out = bytes;
  for (const n of noise) {
    const i = n.at % (out.length + 1);
    out = Buffer.concat([out.subarray(0, i), Buffer.from(n.bytes), out.subarray(i)]);
  }
  return out;
}

// ---- the properties -------------------------------------------------------------------------

/** DuckDB's own words, which a report must never show. */
const RAW_ENGINE = /CSV Error|state machine|Possible fixes|Invalid Input Error|Conversion Error|Binder Error|Parser Error|INTERNAL|duckdb|read_csv/i;

/** Imports the bytes under a new name; checks what holds for every outcome, and returns it. */
async function importChecked(bytes: Buffer, name: string, entity?: string): Promise<ImportOutcome> {
  const dir = join(t.dir, `f${++fileNo}`);
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const before = await storeFingerprint(t.db);
  const outcome = await importFile(t.db, path, { source: 'cli', entity });
  expect(['active', 'failed', 'duplicate']).toContain(outcome.status);
  if (outcome.status === 'failed') {
    const e = outcome.error!;
    expect(e.report, e.report).toContain('What to do:');
    expect(e.report, e.report).not.toMatch(RAW_ENGINE);
    expect(await storeFingerprint(t.db), e.report).toBe(before);
  }
  return outcome;
}

/** A mutation on a line must be refused there (the header is line 1, the first data row line 2). */
function expectOutcome(outcome: ImportOutcome, m: Mutation, totals: { lines: number; debit: number; credit: number }) {
  const report = outcome.error?.report ?? JSON.stringify(outcome.warnings);
  if (HARMLESS.has(m.kind)) {
    expect(outcome.status, report).not.toBe('failed');
    if (outcome.status === 'active') {
      expect(outcome.line_count, report).toBe(totals.lines);
      expect(outcome.total_debit, report).toBeCloseTo(totals.debit, 2);
      expect(outcome.total_credit, report).toBeCloseTo(totals.credit, 2);
    }
    return;
  }
  expect(outcome.status, report).toBe('failed');
  const line = m.kind === 'header-drop' || m.kind === 'none' ? 1 : m.row + 2;
  expect(outcome.error!.problems.map((p) => p.line), report).toContain(line);
}

describe('fuzz: FEC reader', () => {
  const fecMutation = (shape: FecShape) =>
    // the 18 columns of the law (Montant and Sens in place of Debit and Credit), not the extra ones
    mutation(shape.entries.length * 2, [...FEC_HEADER.keys()], {
      bad: ['20241315', '2024-02-30', 'abc', '2024011', '00000000'],
      far: ['00010101', '99991231', '22060115', '19000101', '20300101'],
      near: ['20240229', '20241231', '20240101'],
    });

  it('imports what was generated, or refuses at the faulty line; the store is unchanged by a refusal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fecShape.chain((shape) => fc.tuple(fc.constant(shape), fecMutation(shape))),
        async ([shape, m]) => {
          const nonce = ++fileNo;
          const fields = mutate(fecFields(shape, nonce), m, { amount: shape.montantSens ? 11 : 12, date: 3 });
          const text = joinLines(fields.map((r) => r.join(shape.separator)), shape.lineEnds, shape.endPicks);
          const outcome = await importChecked(encode(text, shape.encoding), shape.named ? '123456789FEC20241231.txt' : 'grand-livre.txt', 'ACME');
          expectOutcome(outcome, m, { lines: shape.entries.length * 2, debit: fecTotal(shape), credit: fecTotal(shape) });
        },
      ),
      { seed: SEED, numRuns: runs(15) },
    );
  });

  it('reads a random amount string as the FEC norm writes it, or refuses it at its line — never a guess', async () => {
    // amounts as the norm writes them (digits, a decimal comma or point with up to two decimals,
    // thousands grouped by spaces, a minus sign), and random strings of the characters amounts are
    // made of and mistyped with; each on both lines of one balanced entry
    const normal = fc.stringMatching(/^-?(?:[1-9]\d{0,2}(?: \d{3}){1,3}|\d{1,9})(?:[,.]\d{1,2})?$/);
    const typed = fc.string({ unit: fc.constantFrom(...'0123456789,.  -+eE_O()€'.split('')), minLength: 1, maxLength: 10 });
    // a thousands mark without cents, or a fraction of a cent (1.234, 0,005): read 1,23 and 0,01 once;
    // zeros past the cents (1234,560) are no fraction
    const thirdDecimal = fc.stringMatching(/^\d{1,4}[.,]\d{3,4}$/);
    // plain, grouped by spaces, or grouped by points with a decimal comma (1.234,56)
    const READABLE = /^-?(?:\d+(?:[,.]\d{1,2})?|[1-9]\d{0,2}(?: \d{3})+(?:[,.]\d{1,2})?|[1-9]\d{0,2}(?:\.\d{3})+,\d{1,2})$/;
    await fc.assert(
      fc.asyncProperty(fc.oneof(normal, typed, thirdDecimal), async (raw) => {
        const value = raw.trim();
        const lines = [FEC_HEADER, ['VE', 'Ventes', '1', '20240115', '411000', 'Clients', 'C0001', 'Client', 'F1', '20240115', 'Facture', raw, '', '', '', '20240115', '', ''], ['VE', 'Ventes', '1', '20240115', '706000', 'Ventes', '', '', 'F1', '20240115', 'Facture', '', raw, '', '', '20240115', '', '']];
        const outcome = await importChecked(Buffer.from(lines.map((l) => l.join('\t')).join('\r\n') + '\r\n'), '123456789FEC20241231.txt');
        const report = outcome.error?.report ?? '';
        if (value === '' || value === '-') return; // an empty amount is 0 on both sides: nothing to tell
        if (READABLE.test(value)) {
          // the norm's forms: imported, to the cent of what is written
          expect(outcome.status, `${JSON.stringify(raw)}: ${report}`).not.toBe('failed');
          if (outcome.status === 'active') expect(outcome.total_debit, JSON.stringify(raw)).toBeCloseTo(Number(value.replace(/ /g, '').replace(',', '.')), 2);
        } else if (/[eE_O]|[.,]\d\d\d*[1-9]\d*$|^-?[1-9]\d{0,2}[.,]\d{3}$/.test(value)) {
          // a letter (O for 0), an exponent, an underscore, a fraction of a cent, a thousands mark
          // without cents (1.234): refused at both lines
          expect(outcome.status, `${JSON.stringify(raw)} was read ${outcome.total_debit}`).toBe('failed');
          expect(outcome.error!.problems.map((p) => p.line), report).toEqual(expect.arrayContaining([2, 3]));
        }
        // anything else (brackets, a currency sign, a sign in the middle, spaces in odd places): imported
        // or refused with a report and the store unchanged, as importChecked checks
      }),
      { seed: SEED, numRuns: runs(40) },
    );
  });

  it('never throws on random bytes: imports the same totals or refuses with a report', async () => {
    await fc.assert(
      fc.asyncProperty(fecShape, byteNoise, async (shape, noise) => {
        const text = joinLines(fecFields(shape, ++fileNo).map((r) => r.join(shape.separator)), shape.lineEnds, shape.endPicks);
        const outcome = await importChecked(withNoise(encode(text, shape.encoding), noise), '123456789FEC20241231.txt');
        if (outcome.status === 'active') {
          expect(outcome.total_debit, JSON.stringify(outcome.warnings)).toBeCloseTo(fecTotal(shape), 2);
          expect(outcome.total_credit).toBeCloseTo(fecTotal(shape), 2);
        }
      }),
      { seed: SEED, numRuns: runs(10) },
    );
  });
});

describe('fuzz: invoice CSV reader', () => {
  const invoiceMutation = (shape: InvoiceShape) => {
    const date = (iso: string) => invoiceDate(shape, iso);
    // client, invoice number, invoice date, amount, settled date: not the name, the due date or the extra columns
    return mutation(shape.rows.length, [0, 2, 3, 5, 6], {
      bad: [shape.isoDates ? '2024-13-45' : '32/01/2024', 'abc', shape.isoDates ? '2024-02-30' : '30/02/2024'],
      far: [date('2206-01-15'), date('0001-01-13'), date('9999-12-31'), date('1899-12-30')],
      near: [date('2024-02-29'), date('2024-12-31')],
    });
  };

  it('imports what was generated, or refuses at the faulty line; the store is unchanged by a refusal', async () => {
    await fc.assert(
      fc.asyncProperty(
        invoiceShape.chain((shape) => fc.tuple(fc.constant(shape), invoiceMutation(shape))),
        async ([shape, m]) => {
          const fields = mutate(invoiceFields(shape, ++fileNo), m, { amount: 5, date: 3 });
          const text = joinLines(fields.map((r) => r.map((v) => csvField(v, shape.delimiter)).join(shape.delimiter)), shape.lineEnds, shape.endPicks);
          const outcome = await importChecked(encode(text, shape.encoding), 'factures.csv', '552081317');
          expectOutcome(outcome, m, { lines: shape.rows.length, ...invoiceTotals(shape) });
        },
      ),
      { seed: SEED, numRuns: runs(15) },
    );
  });

  it('never throws on random bytes: imports the same totals or refuses with a report', async () => {
    await fc.assert(
      fc.asyncProperty(invoiceShape, byteNoise, async (shape, noise) => {
        const text = joinLines(invoiceFields(shape, ++fileNo).map((r) => r.map((v) => csvField(v, shape.delimiter)).join(shape.delimiter)), shape.lineEnds, shape.endPicks);
        const outcome = await importChecked(withNoise(encode(text, shape.encoding), noise), 'factures.csv', '552081317');
        if (outcome.status === 'active') {
          const totals = invoiceTotals(shape);
          expect(outcome.total_debit, JSON.stringify(outcome.warnings)).toBeCloseTo(totals.debit, 2);
          expect(outcome.total_credit).toBeCloseTo(totals.credit, 2);
        }
      }),
      { seed: SEED, numRuns: runs(10) },
    );
  });
});
