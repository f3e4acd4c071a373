// The FEC importer on small fixture files: every supported variant, and every bad input with
// the file, line and column it names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../src/server/import/importer.ts';
import { fixture, openTestDb, storeFingerprint, type TestDb } from '../helpers.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.cleanup());

const load = (path: string, extra: Partial<Parameters<typeof importFile>[2]> = {}) => importFile(t.db, path, { source: 'cli', ...extra });

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
  async function expectRefused(path: string, summary: RegExp) {
    const before = await storeFingerprint(t.db);
    const o = await load(path);
    expect(o.status).toBe('failed');
    expect(o.error!.summary).toMatch(summary);
    expect(o.error!.report).toContain('What to do:');
    expect(o.error!.report).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
    expect(await storeFingerprint(t.db)).toBe(before);
    return o.error!;
  }

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

  it('missing required columns, named', async () => {
    const e = await expectRefused(fixture('bad', 'missing-column.txt'), /lacks a required column \(EcritureDate\)/);
    expect(e.problems).toEqual([{ line: 1, column: 'EcritureDate', message: 'required column not found in the header' }]);
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
    writeFileSync(path, 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tDebit\tCredit\n');
    await expectRefused(path, /no data lines/);
  });
});
