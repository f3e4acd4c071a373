// The FEC importer on small fixture files: every supported variant, and every bad input with
// the file, line and column it names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../src/server/import/importer.ts';
import { fixture, openDemoCopy, openTestDb, storeFingerprint, type TestDb } from '../helpers.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.cleanup());

const load = (path: string, extra: Partial<Parameters<typeof importFile>[2]> = {}) => importFile(t.db, path, { source: 'cli', ...extra });

const FEC_HEADER = ['JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef', 'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise'];

/**
 * A small balanced FEC of `entries` sales of 100,00 (411 debit, 706 credit), one a month through
 * 2024; `edit` sets fields of some lines, by their line number in the file (the header is line 1).
 */
function tinyFec(entries: number, edit: Record<number, Record<string, string>> = {}, lineEnd = '\r\n'): string {
  const rows: string[][] = [];
  for (let i = 1; i <= entries; i++) {
    const date = `2024${String(((i - 1) % 12) + 1).padStart(2, '0')}15`;
    rows.push(['VE', 'Ventes', String(i), date, '411000', 'Clients', 'C001', 'Dupont SA', `F${i}`, date, `Facture F${i}`, '100,00', '0,00', '', '', date, '', '']);
    rows.push(['VE', 'Ventes', String(i), date, '706000', 'Ventes', '', '', `F${i}`, date, `Facture F${i}`, '0,00', '100,00', '', '', date, '', '']);
  }
  for (const [line, fields] of Object.entries(edit)) for (const [column, value] of Object.entries(fields)) rows[Number(line) - 2][FEC_HEADER.indexOf(column)] = value;
  return [FEC_HEADER, ...rows].map((r) => r.join('\t')).join(lineEnd) + lineEnd;
}

async function expectRefused(path: string, summary: RegExp, extra: Partial<Parameters<typeof importFile>[2]> = {}) {
  const before = await storeFingerprint(t.db);
  const o = await load(path, extra);
  expect(o.status, o.error?.report).toBe('failed');
  expect(o.error!.summary).toMatch(summary);
  expect(o.error!.report).toContain('What to do:');
  expect(o.error!.report).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
  expect(o.error!.report).not.toMatch(/CSV Error|state machine|Possible fixes|duckdb/i); // no raw DuckDB message
  expect(await storeFingerprint(t.db)).toBe(before);
  return o.error!;
}

describe('FEC variants', () => {
  it('reads a tab-separated UTF-8 FEC with CRLF, entity and closing date from its name', async () => {
    const o = await load(fixture('fec', '123456789FEC20241231.txt'));
    expect(o.status).toBe('active');
    expect(o).toMatchObject({ format: 'fec', entity_id: '123456789', period_start: '2024-01-15', period_end: '2024-12-31', line_count: 5, total_debit: 2400, total_credit: 2400 });
    const lines = await t.db.all(`SELECT line_no, account_num, aux_num, debit, credit, letter_code, entry_date, letter_date FROM ledger_lines ORDER BY line_no`);
    expect(lines[0]).toEqual({ line_no: 2, account_num: '411000', aux_num: 'C001', debit: 1200, credit: 0, letter_code: 'A', entry_date: '2024-01-15', letter_date: '2024-02-20' });
    expect(lines.map((l) => l.line_no)).toEqual([2, 3, 4, 5, 6]);
  });

  it('transcodes Windows-1252 without mangling accents, œ, ’ and €, and reads zero-padded amounts', async () => {
    const o = await load(fixture('fec', '987654321FEC20241231.txt'));
    expect(o.status).toBe('active');
    const row = await t.db.one<{ aux_lib: string; line_label: string; debit: number }>(`SELECT aux_lib, line_label, debit FROM ledger_lines WHERE account_num = '411000'`);
    expect(row).toEqual({ aux_lib: 'Boulangerie Lefèvre & Cœur', line_label: 'Facture n° FA-0001 — 1 200,00 €', debit: 1200 });
    expect(await t.db.one(`SELECT line_label FROM ledger_lines WHERE account_num = '706000'`)).toEqual({ line_label: 'Prestation l’atelier' });
    const detail = await t.db.one<{ format_detail: string }>(`SELECT format_detail FROM imports WHERE import_id = $id`, { id: o.import_id });
    expect(JSON.parse(detail!.format_detail)).toMatchObject({ encoding: 'windows-1252', delimiter: 'tab', amount_layout: 'debit-credit' });
  });

  it('reads a pipe-separated FEC with BOM, the Montant/Sens layout, decimal points, and keeps leading zeros', async () => {
    const o = await load(fixture('fec', 'pipe-montant-sens.txt'), { entity: 'ACME' });
    expect(o).toMatchObject({ status: 'active', entity_id: 'ACME', line_count: 3, total_debit: 600, total_credit: 600 });
    expect(o.warnings.join(' ')).toMatch(/does not follow <SIREN>FEC<YYYYMMDD>/);
    const rows = await t.db.all(`SELECT account_num, aux_num, debit, credit FROM ledger_lines ORDER BY line_no`);
    expect(rows).toEqual([
      { account_num: '411', aux_num: '00017', debit: 600, credit: 0 },
      { account_num: '706', aux_num: null, debit: 0, credit: 500 },
      { account_num: '44571', aux_num: null, debit: 0, credit: 100 },
    ]);
    expect(await t.db.one(`SELECT aux_lib FROM ledger_lines WHERE aux_num = '00017'`)).toEqual({ aux_lib: 'Épicerie Noël' });
  });

  it('reads a 22-column FEC whose lines end with \\r\\r\\n', async () => {
    const o = await load(fixture('fec', '22-columns-crcrlf.txt'));
    expect(o).toMatchObject({ status: 'active', line_count: 2, total_debit: 1200, total_credit: 1200 });
    expect(await t.db.all(`SELECT currency, aux_num FROM ledger_lines ORDER BY line_no`)).toEqual([
      { currency: null, aux_num: null },
      { currency: null, aux_num: 'C0042' },
    ]);
  });

  it('reads amounts written 1 234,56 and 1.234,56', async () => {
    const path = join(t.dir, '111111111FEC20241231.txt');
    const h = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
    writeFileSync(path, [h, 'VE\tV\t1\t20240101\t411\tC\tX\tX\tF\t20240101\tF\t1 234,56\t\t\t\t\t\t', 'VE\tV\t1\t20240101\t706\tV\t\t\tF\t20240101\tF\t\t1.234,56\t\t\t\t\t'].join('\n') + '\n');
    const o = await load(path);
    expect(o).toMatchObject({ status: 'active', total_debit: 1234.56, total_credit: 1234.56 });
  });
});

describe('bad FEC input: a clear error, nothing imported', () => {
  it('an empty file', async () => {
    const e = await expectRefused(fixture('bad', 'empty.txt'), /empty/);
    expect(e.file).toBe('empty.txt');
  });

  it('a binary file (an .xlsx workbook)', async () => {
    const e = await expectRefused(fixture('bad', 'ledger.xlsx'), /not a text file.*ZIP/);
    expect(e.hint).toMatch(/CSV/);
  });

  it('a text file that is not a ledger', async () => {
    await expectRefused(fixture('bad', 'notes.txt'), /no column separator/);
  });

  it('an unknown encoding', async () => {
    await expectRefused(fixture('bad', 'unknown-encoding.txt'), /encoding could not be recognised/);
  });

  it('missing required columns, named: a FEC has its 18 columns', async () => {
    const e = await expectRefused(
      fixture('bad', 'missing-column.txt'),
      /lacks required columns \(EcritureDate, CompteLib, CompAuxNum, CompAuxLib, PieceRef, PieceDate, EcritureLib, EcritureLet, DateLet, ValidDate, Montantdevise, Idevise\)/,
    );
    expect(e.problems[0]).toEqual({ line: 1, column: 'EcritureDate', message: 'required column not found in the header' });
    expect(e.problems).toHaveLength(12);
  });

  it('a header of 17 columns (Idevise missing)', async () => {
    const path = join(t.dir, '123456789FEC20241231.txt');
    writeFileSync(path, tinyFec(2).replace(/\tIdevise\r\n/, '\r\n').replace(/\t\r\n/g, '\r\n'));
    const e = await expectRefused(path, /lacks a required column \(Idevise\)/);
    expect(e.problems).toEqual([{ line: 1, column: 'Idevise', message: 'required column not found in the header' }]);
    expect(e.hint).toMatch(/JournalCode, JournalLib, EcritureNum/);
  });

  it('unparseable dates and amounts, listed with line and column', async () => {
    const e = await expectRefused(fixture('bad', 'bad-values.txt'), /3 values could not be read \(EcritureDate, Debit\)/);
    expect(e.problems).toEqual([
      { line: 3, column: 'EcritureDate', value: '20241315', message: 'expected a date written YYYYMMDD' },
      { line: 4, column: 'EcritureDate', value: '2024-02-30', message: 'expected a date written YYYYMMDD' },
      { line: 4, column: 'Debit', value: '12,5O', message: 'expected an amount such as 1234,56' },
    ]);
  });

  it('unbalanced entries, listed', async () => {
    const e = await expectRefused(fixture('bad', 'unbalanced.txt'), /1 entry is not balanced/);
    expect(e.problems).toEqual([{ line: 2, column: 'EcritureNum', value: 'VE 1', message: 'entry off by 10.00 (debit 100.00, credit 90.00)' }]);
  });

  it('a line with a different number of columns than the header', async () => {
    const e = await expectRefused(fixture('bad', 'wrong-column-count.txt'), /line 3 does not match the header: it has 17 columns where the header has 18/);
    expect(e.problems[0].line).toBe(3);
  });

  it('a header with no data lines', async () => {
    const path = join(t.dir, 'header-only.txt');
    copyFileSync(fixture('fec', '123456789FEC20241231.txt'), path);
    writeFileSync(path, FEC_HEADER.join('\t') + '\n');
    await expectRefused(path, /no data lines/);
  });
});

describe('FEC lines and encodings a reader trips over', () => {
  it('a line with more fields than the header, named by its line', async () => {
    const path = join(t.dir, '123456789FEC20241231.txt');
    writeFileSync(path, tinyFec(3).replace('Facture F2\t0,00\t100,00\t\t\t20240215\t\t', 'Facture F2\t0,00\t100,00\t\t\t20240215\t\t\tEXTRA'));
    const e = await expectRefused(path, /line 5 does not match the header: it has 19 columns where the header has 18/);
    expect(e.problems).toEqual([{ line: 5, message: 'it has 19 columns where the header has 18' }]);
  });

  it('a line padded with a million separators', async () => {
    const path = join(t.dir, '123456789FEC20241231.txt');
    const lines = tinyFec(3).split('\r\n');
    lines[3] += '\t'.repeat(1_000_000);
    writeFileSync(path, lines.join('\r\n'));
    const e = await expectRefused(path, /line 4 is longer than 64 KB/);
    expect(e.problems).toEqual([{ line: 4, message: expect.stringMatching(/^the line is \d+ bytes long/) }]);
  });

  it('a header of a million columns, counted', async () => {
    const path = join(t.dir, 'wide.txt');
    writeFileSync(path, [...FEC_HEADER, ...Array.from({ length: 1_000_000 }, (_, i) => `X${i}`)].join('\t') + '\n' + 'VE\n');
    const e = await expectRefused(path, /the first line has 1000018 columns/);
    expect(e.hint).toMatch(/header/);
  });

  it.each([
    ['UTF-16LE without BOM', (text: string) => Buffer.from(text, 'utf16le'), 'utf-16le'],
    ['UTF-16LE with BOM', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
    ['UTF-16BE without BOM', (text: string) => Buffer.from(text, 'utf16le').swap16(), 'utf-16be'],
  ])('reads a FEC saved as %s', async (_name, encode, encoding) => {
    const path = join(t.dir, '123456789FEC20241231.txt');
    writeFileSync(path, encode(tinyFec(4).replace(/Dupont SA/g, 'Société Noël — œuvre €')));
    const o = await load(path);
    expect(o, o.error?.report).toMatchObject({ status: 'active', line_count: 8, total_debit: 400, total_credit: 400 });
    expect(await t.db.one(`SELECT aux_lib FROM ledger_lines WHERE line_no = 2`)).toEqual({ aux_lib: 'Société Noël — œuvre €' });
    const detail = await t.db.one<{ format_detail: string }>(`SELECT format_detail FROM imports WHERE import_id = $id`, { id: o.import_id });
    expect(JSON.parse(detail!.format_detail)).toMatchObject({ encoding });
  });

  it.each([
    ['LF and CRLF mixed', (lines: string[]) => lines.map((l, i) => l + (i % 3 === 1 ? '\n' : '\r\n')).join('')],
    ['CR alone (old Mac) mixed with CRLF', (lines: string[]) => lines.map((l, i) => l + (i % 2 ? '\r' : '\r\n')).join('')],
    ['CR alone throughout', (lines: string[]) => lines.map((l) => l + '\r').join('')],
  ])('reads a FEC whose line ends are %s, with the right line numbers', async (_name, join_) => {
    const path = join(t.dir, '123456789FEC20241231.txt');
    const lines = tinyFec(5).split('\r\n').slice(0, -1);
    writeFileSync(path, join_(lines));
    const o = await load(path);
    expect(o, o.error?.report).toMatchObject({ status: 'active', line_count: 10, total_debit: 500 });
    expect(await t.db.all(`SELECT line_no FROM ledger_lines WHERE entry_num = '3' ORDER BY line_no`)).toEqual([{ line_no: 6 }, { line_no: 7 }]);
    // no carriage return left at the end of a line's last field
    expect(await t.db.all(`SELECT DISTINCT currency FROM ledger_lines`)).toEqual([{ currency: null }]);
    // and a bad value in such a file is named by its line
    writeFileSync(path, join_(tinyFec(5, { 7: { Credit: '1O0,00' } }).split('\r\n').slice(0, -1)));
    const e = await expectRefused(path, /could not be read/);
    expect(e.problems).toEqual([{ line: 7, column: 'Credit', value: '1O0,00', message: 'expected an amount such as 1234,56' }]);
  });

  it.each([
    ['1e5', /scientific notation/],
    ['1_000', /underscore/],
    // DuckDB's cast would round these to 1,23 and 0,01: a thousand times too small, or a cent made up
    ['1.234', /thousands mark without cents/],
    ['0,005', /fraction of a cent/],
    ['1 234,567', /fraction of a cent/],
  ])('refuses the amount %s with its line', async (amount, why) => {
    const path = join(t.dir, '123456789FEC20241231.txt');
    writeFileSync(path, tinyFec(3, { 4: { Debit: amount }, 5: { Credit: amount } }));
    const e = await expectRefused(path, /2 values could not be read \(Debit, Credit\)/);
    expect(e.problems).toEqual([
      { line: 4, column: 'Debit', value: amount, message: expect.stringMatching(why) },
      { line: 5, column: 'Credit', value: amount, message: expect.stringMatching(why) },
    ]);
  });
});

describe('dates outside the fiscal year: refused with their lines, nothing imported', () => {
  it('a tiny FEC with entries dated 00010101 and 99991231', async () => {
    const path = join(t.dir, '123456789FEC20241231.txt');
    writeFileSync(path, tinyFec(15, { 5: { EcritureDate: '00010101' }, 20: { EcritureDate: '99991231' } }));
    const e = await expectRefused(path, /2 dates are outside the fiscal year ending 2024-12-31/);
    const expected = "expected a date from 2022-12-01 to 2025-01-31 (the fiscal year ending 2024-12-31 lasts at most 24 months; a month's margin either side)";
    expect(e.problems).toEqual([
      { line: 5, column: 'EcritureDate', value: '00010101', message: expected },
      { line: 20, column: 'EcritureDate', value: '99991231', message: expected },
    ]);
    expect(e.hint).toMatch(/year typed wrong/);
    expect(e.hint).toMatch(/rename the file/);
  });

  it('the same FEC without a closing date in its name: judged from its median entry date', async () => {
    const path = join(t.dir, 'ledger.txt');
    writeFileSync(path, tinyFec(15, { 5: { EcritureDate: '00010101' }, 20: { EcritureDate: '99991231' } }));
    const e = await expectRefused(path, /2 dates are far from the period the file covers/, { entity: 'ACME' });
    expect(e.problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [5, 'EcritureDate', '00010101'],
      [20, 'EcritureDate', '99991231'],
    ]);
    expect(e.problems[0].message).toMatch(/^expected a date from 2022-0\d-15 to 2026-0\d-15 \(within 25 months of the file's median entry date/);
  });

  it('the demo ledger’s 2026 file with one entry dated 22060115: refused, the genuine export stays', async () => {
    const demo = await openDemoCopy();
    try {
      const genuine = join(demo.demoDir, '552081317FEC20261231.txt');
      const lastDate = () => demo.db.one(`SELECT strftime(max(entry_date), '%Y-%m-%d') AS last FROM ledger_lines`);
      const before = { last: await lastDate(), store: await storeFingerprint(demo.db) };
      const lines = readFileSync(genuine, 'latin1').split('\r\n');
      const fields = lines[1000].split('\t');
      expect(fields[3]).toMatch(/^2026\d{4}$/);
      lines[1000] = [...fields.slice(0, 3), '22060115', ...fields.slice(4)].join('\t');
      const typo = join(t.dir, '552081317FEC20261231.txt');
      writeFileSync(typo, lines.join('\r\n'), 'latin1');
      const o = await importFile(demo.db, typo, { source: 'cli' });
      expect(o.status).toBe('failed');
      expect(o.error!.summary).toMatch(/1 date is outside the fiscal year ending 2026-12-31/);
      expect(o.error!.problems).toEqual([
        { line: 1001, column: 'EcritureDate', value: '22060115', message: expect.stringMatching(/^expected a date from 2024-12-01 to 2027-01-31/) },
      ]);
      expect(await lastDate()).toEqual(before.last);
      expect(await storeFingerprint(demo.db)).toBe(before.store);
    } finally {
      demo.cleanup();
    }
  });

  it('entries a little after the closing date draw a warning; a month and more after, a refusal', async () => {
    const path = join(t.dir, '123456789FEC20241231.txt');
    writeFileSync(path, tinyFec(3, { 6: { EcritureDate: '20250115' }, 7: { EcritureDate: '20250115' } }));
    const o = await load(path);
    expect(o.status, o.error?.report).toBe('active');
    expect(o.warnings).toContain('Entries are dated up to 2025-01-15, after the closing date 2024-12-31 in the file name.');
    mkdirSync(join(t.dir, 'later'));
    const later = join(t.dir, 'later', '123456789FEC20241231.txt');
    writeFileSync(later, tinyFec(3, { 6: { EcritureDate: '20250215' }, 7: { EcritureDate: '20250215' } }));
    const e = await expectRefused(later, /2 dates are outside the fiscal year ending 2024-12-31/);
    expect(e.problems.map((p) => p.line)).toEqual([6, 7]);
  });

  it('takes a first fiscal year of 24 months', async () => {
    const path = join(t.dir, '123456789FEC20251231.txt');
    writeFileSync(path, tinyFec(3, { 2: { EcritureDate: '20240102' }, 3: { EcritureDate: '20240102' }, 6: { EcritureDate: '20251231' }, 7: { EcritureDate: '20251231' } }));
    const o = await load(path);
    expect(o, o.error?.report).toMatchObject({ status: 'active', period_start: '2024-01-02', period_end: '2025-12-31' });
  });

  it('takes old document dates (opening entries) and later lettering dates; refuses years 0001 and 9999 there too', async () => {
    const path = join(t.dir, '123456789FEC20241231.txt');
    writeFileSync(path, tinyFec(3, { 2: { PieceDate: '20160310', DateLet: '20270105' } }));
    expect((await load(path)).status).toBe('active');
    mkdirSync(join(t.dir, 'typos'));
    const typos = join(t.dir, 'typos', '123456789FEC20241231.txt');
    writeFileSync(typos, tinyFec(3, { 3: { PieceDate: '00010101' }, 4: { DateLet: '99991231' }, 5: { ValidDate: '22040115' } }));
    const e = await expectRefused(typos, /3 dates are outside the fiscal year ending 2024-12-31 \(PieceDate, DateLet, ValidDate\)/);
    expect(e.problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [3, 'PieceDate', '00010101'],
      [4, 'DateLet', '99991231'],
      [5, 'ValidDate', '22040115'],
    ]);
    expect(e.problems[0].message).toBe('expected a date from 2012-12-01 to 2030-01-31 (up to 10 years before the fiscal year and 5 years after it)');
  });
});
