// The invoice / open-item CSV importer: synonyms in French and English, explicit mappings,
// per-file date formats, identifiers kept as strings, and its bad inputs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../src/server/import/importer.ts';
import { normaliseName } from '../../src/server/import/header.ts';
import { INVOICE_FIELDS, invoiceLayout } from '../../src/server/import/invoices.ts';
import { fixture, openTestDb, storeFingerprint, type TestDb } from '../helpers.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.cleanup());

const load = (path: string, extra: Partial<Parameters<typeof importFile>[2]> = {}) => importFile(t.db, path, { source: 'cli', ...extra });
const rows = () => t.db.all(`SELECT client_id, client_name, invoice_num, invoice_date, due_date, amount, currency, settled_date, open_amount, is_disputed FROM invoice_rows ORDER BY line_no`);

describe('invoice CSV', () => {
  it('finds French headers, reads DD/MM/YYYY, decimal commas, and keeps leading zeros', async () => {
    const o = await load(fixture('invoices', 'encours-fr.csv'), { entity: '552081317' });
    expect(o).toMatchObject({ status: 'active', format: 'invoices', entity_id: '552081317', line_count: 3, period_start: '2024-01-15', period_end: '2024-02-03' });
    expect(await rows()).toEqual([
      { client_id: '00042', client_name: 'Boulangerie Lefèvre', invoice_num: '000123', invoice_date: '2024-01-15', due_date: '2024-02-14', amount: 1200, currency: 'EUR', settled_date: '2024-02-20', open_amount: null, is_disputed: false },
      { client_id: '00042', client_name: 'Boulangerie Lefèvre', invoice_num: '000124', invoice_date: '2024-01-28', due_date: '2024-02-27', amount: 600, currency: 'EUR', settled_date: null, open_amount: null, is_disputed: true },
      { client_id: '00107', client_name: 'Garage Noël', invoice_num: 'F-2024-7', invoice_date: '2024-02-03', due_date: '2024-03-31', amount: -150, currency: 'EUR', settled_date: null, open_amount: null, is_disputed: false },
    ]);
    const detail = JSON.parse((await t.db.one<{ format_detail: string }>(`SELECT format_detail FROM imports`))!.format_detail);
    expect(detail).toMatchObject({ delimiter: ';', date_format: 'DD/MM/YYYY', date_format_from: 'detected' });
  });

  it('finds English headers, reads MM/DD/YYYY and quoted US amounts', async () => {
    const o = await load(fixture('invoices', 'open-items-us.csv'));
    expect(o).toMatchObject({ status: 'active', line_count: 2, total_debit: 1734.56 });
    expect(await rows()).toEqual([
      { client_id: 'C-9', client_name: 'Acme, Inc.', invoice_num: 'INV-1001', invoice_date: '2024-01-31', due_date: '2024-03-01', amount: 1234.56, currency: 'USD', settled_date: null, open_amount: 0, is_disputed: false },
      { client_id: 'C-9', client_name: 'Acme, Inc.', invoice_num: 'INV-1002', invoice_date: '2024-02-15', due_date: '2024-03-16', amount: 500, currency: 'USD', settled_date: null, open_amount: 500, is_disputed: true },
    ]);
  });

  it('refuses a file whose dates read both as DD/MM and MM/DD, and takes it with an explicit format', async () => {
    const before = await storeFingerprint(t.db);
    const refused = await load(fixture('invoices', 'ambiguous-dates.csv'));
    expect(refused.status).toBe('failed');
    expect(refused.error!.summary).toMatch(/ambiguous/);
    expect(refused.error!.hint).toMatch(/"date_format": "DD\/MM\/YYYY"/);
    expect(await storeFingerprint(t.db)).toBe(before);

    const taken = await load(fixture('invoices', 'ambiguous-dates.csv'), { mapping: { date_format: 'MM/DD/YYYY' } });
    expect(taken.status).toBe('active');
    expect(await t.db.all(`SELECT invoice_date FROM invoice_rows ORDER BY line_no`)).toEqual([{ invoice_date: '2024-01-02' }, { invoice_date: '2024-03-04' }]);
  });

  it('uses an explicit column mapping for headers it cannot know', async () => {
    const mapping = JSON.parse(readFileSync(fixture('invoices', 'custom-headers.mapping.json'), 'utf8'));
    const o = await load(fixture('invoices', 'custom-headers.csv'), { mapping });
    expect(o.status).toBe('active');
    expect(await t.db.all(`SELECT client_id, invoice_num, invoice_date, amount, open_amount, is_disputed FROM invoice_rows ORDER BY line_no`)).toEqual([
      { client_id: 'D001', invoice_num: 'X-1', invoice_date: '2024-03-01', amount: 100, open_amount: 0, is_disputed: false },
      { client_id: 'D001', invoice_num: 'X-2', invoice_date: '2024-03-09', amount: 250, open_amount: 250, is_disputed: true },
    ]);
    expect(o.warnings).toContain('No due date column: due dates will be derived from payment terms.');
  });

  it('names the required columns it could not find', async () => {
    const o = await load(fixture('invoices', 'missing-columns.csv'));
    expect(o.status).toBe('failed');
    expect(o.error!.summary).toBe('required columns not found: invoice_num, invoice_date, settled_date or open_amount.');
    expect(o.error!.hint).toMatch(/Columns found: client, montant/);
  });

  it('lists unreadable dates and amounts with their lines', async () => {
    const o = await load(fixture('invoices', 'bad-values.csv'));
    expect(o.status).toBe('failed');
    expect(o.error!.problems).toEqual([
      { line: 3, column: 'montant', value: 'abc', message: 'expected an amount such as 1234,56' },
      { line: 3, column: 'date facture', value: '32/01/2024', message: 'expected a date written DD/MM/YYYY' },
    ]);
  });

  it.each([
    [{ columns: { invoice_no: 'Doc' } }, /unknown field "invoice_no"/],
    [{ columns: { invoice_num: 'Nope' } }, /names columns the file does not have/],
    [{ date_format: 'DD-MM-YY' }, /unsupported date format "DD-MM-YY"/],
    [{ colums: {} }, /unknown setting "colums"/],
    [['invoice_num'], /not a JSON object/],
  ])('refuses an unsupported mapping %j', async (mapping, message) => {
    const o = await load(fixture('invoices', 'custom-headers.csv'), { mapping });
    expect(o.status).toBe('failed');
    expect(o.error!.summary).toMatch(message);
  });
});

describe('invoice CSV headers in any case', () => {
  it.each([
    ['customerID', 'customer id'],
    ['invoiceNumber', 'invoice number'],
    ['InvoiceAmountEUR', 'invoice amount eur'],
    ['TTCAmount', 'ttc amount'],
    ['N° facture', 'n facture'],
    ['DATE_FACTURE', 'date facture'],
    ['Montant TTC', 'montant ttc'],
    ['dateÉchéance', 'date echeance'],
    ['Date d’échéance ', 'date d echeance'],
    ['Invoice#', 'invoice#'],
  ])('normaliseName(%j) is %j', (header, name) => {
    expect(normaliseName(header)).toBe(name);
  });

  it('gives each synonym to one field only, spaces aside', () => {
    const owners = new Map<string, string[]>();
    for (const [field, synonyms] of Object.entries(INVOICE_FIELDS)) {
      for (const s of [field.replace(/_/g, ' '), ...synonyms]) owners.set(s.replace(/ /g, ''), [...(owners.get(s.replace(/ /g, '')) ?? []), field]);
    }
    expect([...owners].filter(([, fields]) => new Set(fields).size > 1)).toEqual([]);
  });

  it('matches names written without separators, or with a currency or TTC beside them', () => {
    const { found } = invoiceLayout('export.csv', ['CUSTOMERID', 'INVOICENUMBER', 'INVOICEDATE', 'Amount (EUR)', 'Solde TTC', 'Montant HT']);
    expect(found).toEqual({ client_id: 'CUSTOMERID', invoice_num: 'INVOICENUMBER', invoice_date: 'INVOICEDATE', amount: 'Amount (EUR)', open_amount: 'Solde TTC' });
  });

  // the same two invoices of Boulangerie Lefèvre, F-001 settled on 20/02 and F-002 open (disputed when the file says)
  const boulangerie = (p: { name: string | null; settledBy: 'date' | 'open amount'; disputed: boolean }) => [
    { client_id: '00042', client_name: p.name, invoice_num: 'F-001', invoice_date: '2024-01-15', due_date: '2024-02-14', amount: 1200, currency: 'EUR', settled_date: p.settledBy === 'date' ? '2024-02-20' : null, open_amount: p.settledBy === 'date' ? null : 0, is_disputed: false },
    { client_id: '00042', client_name: p.name, invoice_num: 'F-002', invoice_date: '2024-01-28', due_date: '2024-02-27', amount: 600, currency: 'EUR', settled_date: null, open_amount: p.settledBy === 'date' ? null : 600, is_disputed: p.disputed },
  ];

  it.each([
    [
      'camel-case.csv',
      { client_id: 'customerID', invoice_num: 'invoiceNumber', invoice_date: 'InvoiceDate', due_date: 'DueDate', amount: 'InvoiceAmount', settled_date: 'SettledDate' },
      boulangerie({ name: null, settledBy: 'date', disputed: false }),
    ],
    [
      'pascal-case.csv',
      { client_id: 'CustomerID', client_name: 'CustomerName', invoice_num: 'InvoiceNo', invoice_date: 'InvoiceDate', due_date: 'DueDate', amount: 'TTCAmount', open_amount: 'OpenAmountEUR', is_disputed: 'IsDisputed' },
      boulangerie({ name: 'Boulangerie Lefèvre', settledBy: 'open amount', disputed: true }),
    ],
    [
      'snake-case.csv',
      { client_id: 'customer_id', client_name: 'customer_name', invoice_num: 'invoice_number', invoice_date: 'invoice_date', due_date: 'due_date', amount: 'invoice_amount_eur', settled_date: 'settled_date' },
      boulangerie({ name: 'Boulangerie Lefèvre', settledBy: 'date', disputed: false }),
    ],
    [
      'upper-case.csv',
      { client_id: 'CODE CLIENT', client_name: 'RAISON SOCIALE', invoice_num: 'N° FACTURE', invoice_date: 'DATE_FACTURE', due_date: "DATE D'ÉCHÉANCE", amount: 'MONTANT TTC', open_amount: 'RESTANT DÛ', is_disputed: 'LITIGE' },
      boulangerie({ name: 'BOULANGERIE LEFÈVRE', settledBy: 'open amount', disputed: true }),
    ],
    [
      'accents.csv',
      { client_id: 'codeClient', client_name: 'nomClient', invoice_num: 'N° facture', invoice_date: 'dateFacture', due_date: 'dateÉchéance', amount: 'montantTTC', settled_date: 'dateRèglement', is_disputed: 'enLitige' },
      boulangerie({ name: 'Boulangerie Lefèvre', settledBy: 'date', disputed: true }),
    ],
  ])('finds every column of %s and imports its values', async (file, columns, expected) => {
    const o = await load(fixture('invoices', file), { entity: '552081317' });
    expect(o.status, o.error?.report).toBe('active');
    expect(o.warnings).toEqual([]);
    const detail = JSON.parse((await t.db.one<{ format_detail: string }>(`SELECT format_detail FROM imports`))!.format_detail);
    expect(detail.columns).toEqual(columns);
    expect(await rows()).toEqual(expected);
  });

  it('keeps an explicit mapping above the synonyms', async () => {
    // InvoiceDate is a synonym of invoice_date; the mapping says to read PostingDate instead
    const o = await load(fixture('invoices', 'pascal-case.csv'), { mapping: { columns: { invoice_date: 'postingDate' } } });
    expect(o.status, o.error?.report).toBe('active');
    expect(await t.db.all(`SELECT invoice_num, invoice_date FROM invoice_rows ORDER BY line_no`)).toEqual([
      { invoice_num: 'F-001', invoice_date: '2024-01-16' },
      { invoice_num: 'F-002', invoice_date: '2024-01-29' },
    ]);
  });
});

/** Writes an invoice CSV (lines joined by CRLF) into the test's folder. */
function csv(name: string, lines: string[], encoding: BufferEncoding = 'utf8'): string {
  const path = join(t.dir, name);
  writeFileSync(path, lines.join('\r\n') + '\r\n', encoding);
  return path;
}

async function expectRefused(path: string, summary: RegExp, extra: Partial<Parameters<typeof importFile>[2]> = {}) {
  const before = await storeFingerprint(t.db);
  const o = await load(path, extra);
  expect(o.status, JSON.stringify(o.warnings)).toBe('failed');
  expect(o.error!.summary).toMatch(summary);
  expect(o.error!.report).toContain('What to do:');
  expect(o.error!.report).not.toMatch(/CSV Error|state machine|Possible fixes|duckdb/i);
  expect(await storeFingerprint(t.db)).toBe(before);
  return o.error!;
}

const amounts = async () => (await t.db.all<{ amount: number }>(`SELECT amount FROM invoice_rows ORDER BY line_no`)).map((r) => r.amount);

describe('invoice amounts: the forms of the file’s decimal mark, the ambiguous ones refused', () => {
  it('reads French forms: 1 234,56, 1.234,56, signs, brackets, €, and says how it read 1,234 and 1.234', async () => {
    const path = csv('fr.csv', [
      'client;facture;date;montant;solde',
      'A1;F1;15/01/2024;1 234,56;0',
      'A1;F2;16/01/2024;1.234,56;0',
      'A1;F3;17/01/2024;-1 234,56;0',
      'A1;F4;18/01/2024;(1 234,56);0',
      'A1;F5;19/01/2024;1 234,56 €;0',
      'A1;F6;20/01/2024;12,5;0',
      'A1;F7;21/01/2024;1,234;0',
      'A1;F8;22/01/2024;1.234;0',
      'A1;F9;23/01/2024;1 234,56-;0',
      'A1;F10;24/01/2024;EUR 1 234,56;0',
      'A1;F11;25/01/2024;-€1 234,56;0',
      'A1;F12;26/01/2024;1\u00a0234\u202f567,89;0',
      'A1;F13;27/01/2024;0000012,50;0',
    ]);
    const o = await load(path);
    expect(o.status, o.error?.report).toBe('active');
    expect(await amounts()).toEqual([1234.56, 1234.56, -1234.56, -1234.56, 1234.56, 12.5, 1.23, 1234, -1234.56, 1234.56, -1234.56, 1234567.89, 12.5]);
    expect(o.warnings).toContain('Amounts are read with a decimal comma (line 2: 1 234,56): 1,234 on line 8 is read as 1.234, not 1234 (1 such value).');
    expect(o.warnings).toContain('Amounts write thousands with a point (line 3: 1.234,56): 1.234 on line 9 is read as 1234 (1 such value).');
    const detail = JSON.parse((await t.db.one<{ format_detail: string }>(`SELECT format_detail FROM imports`))!.format_detail);
    expect(detail).toMatchObject({ decimal_separator: ',', decimal_separator_from: 'detected' });
  });

  it('reads English forms: 1,234.56, brackets, € before the number, and 1,234 as 1234 when the file groups with commas', async () => {
    const path = csv('en.csv', [
      'Customer,Invoice,Date,Amount,Open Amount',
      'C1,I1,2024-01-15,"1,234.56",0',
      'C1,I2,2024-01-16,-1234.56,0',
      'C1,I3,2024-01-17,"(1,234.56)",0',
      'C1,I4,2024-01-18,"€1,234.56",0',
      'C1,I5,2024-01-19,"1,234",0',
      "C1,I6,2024-01-20,1'234.50,0",
    ]);
    const o = await load(path);
    expect(o.status, o.error?.report).toBe('active');
    expect(await amounts()).toEqual([1234.56, -1234.56, -1234.56, 1234.56, 1234, 1234.5]);
    expect(o.warnings).toContain('Amounts write thousands with a comma (line 2: 1,234.56): 1,234 on line 6 is read as 1234 (1 such value).');
  });

  it('refuses 1,234 in a file of decimal points that never groups thousands with commas', async () => {
    const path = csv('points.csv', ['Customer;Invoice;Date;Amount;Open', 'C1;I1;2024-01-15;12.50;0', 'C1;I2;2024-01-16;1,234;0']);
    const e = await expectRefused(path, /1 value could not be read \(Amount\)/);
    expect(e.problems).toEqual([
      { line: 3, column: 'Amount', value: '1,234', message: "ambiguous: 1.234 or 1234? The file's amounts have a decimal point and none groups thousands with a comma: write 1234 or 1,234.00" },
    ]);
  });

  it('refuses a file whose amounts do not say their decimal mark, and takes it with a mapping', async () => {
    const path = csv('ambiguous.csv', ['client;facture;date;montant;solde', 'A1;F1;15/01/2024;1,234;0', 'A1;F2;16/01/2024;500;0']);
    const e = await expectRefused(path, /the decimal mark of the amounts cannot be told/);
    expect(e.problems).toEqual([{ line: 2, column: 'montant', value: '1,234', message: 'reads as 1.234 with a decimal comma, as 1234 with a comma between thousands' }]);
    expect(e.hint).toMatch(/"decimal_separator": ","/);
    const comma = await load(path, { mapping: { decimal_separator: ',' } });
    expect(comma.status, comma.error?.report).toBe('active');
    expect(await amounts()).toEqual([1.23, 500]);
    const point = await load(csv('ambiguous-2.csv', ['client;facture;date;montant;solde', 'A2;F1;15/01/2024;1,234;0', 'A2;F2;16/01/2024;500;0']), { mapping: { decimal_separator: '.' } });
    expect(point.status, point.error?.report).toBe('active');
    expect(await amounts()).toEqual([1234, 500]);
  });

  it('refuses a file that mixes decimal commas and decimal points, naming a line of each', async () => {
    const path = csv('mixed.csv', ['client;facture;date;montant;solde', 'A1;F1;15/01/2024;12,50;0', 'A1;F2;16/01/2024;500;0', 'A1;F3;17/01/2024;3.75;0']);
    const e = await expectRefused(path, /the amounts mix decimal commas and decimal points/);
    expect(e.problems).toEqual([
      { line: 2, column: 'montant', value: '12,50', message: 'a decimal comma' },
      { line: 4, column: 'montant', value: '3.75', message: 'a decimal point' },
    ]);
  });

  it('refuses 1e5 and 1_000 with their lines', async () => {
    const path = csv('odd.csv', ['client;facture;date;montant;solde', 'A1;F1;15/01/2024;1e5;0', 'A1;F2;16/01/2024;1_000;0', 'A1;F3;17/01/2024;12,50;1E3']);
    const e = await expectRefused(path, /3 values could not be read \(montant, solde\)/);
    expect(e.problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [2, 'montant', '1e5'],
      [3, 'montant', '1_000'],
      [4, 'solde', '1E3'],
    ]);
    expect(e.problems[0].message).toMatch(/scientific notation/);
    expect(e.problems[1].message).toMatch(/underscore/);
  });
});

describe('invoice dates far from the file’s own span', () => {
  it('refuses invoice, due and settled dates in years 2206, 9999 and 0001, with their lines', async () => {
    const path = csv('far.csv', [
      'client;facture;date facture;échéance;montant;date règlement',
      'A1;F1;15/01/2024;14/02/2024;100,00;20/02/2024',
      'A1;F2;15/01/2206;14/02/2024;100,00;',
      'A1;F3;16/01/2024;31/12/9999;100,00;',
      'A1;F4;17/01/2024;16/02/2024;100,00;01/01/0001',
    ]);
    const e = await expectRefused(path, /3 dates are far from the period the file covers/);
    expect(e.problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [3, 'date facture', '15/01/2206'],
      [4, 'échéance', '31/12/9999'],
      [5, 'date règlement', '01/01/0001'],
    ]);
    // (the invoice dates' window ends a year from today, before the 10 years after the median)
    expect(e.problems[0].message).toMatch(/^expected a date from 2014-01-1\d to \d{4}-\d\d-\d\d \(within 10 years of the file's median invoice date/);
  });

  it('refuses an invoice dated years ahead by one wrong digit, which would have become the as-of date', async () => {
    // 15/01/2034 lies within 10 years of the file's median (2024), but an invoice is not dated
    // years in the future; a due date may be (instalments)
    const path = csv('ahead.csv', [
      'client;facture;date facture;échéance;montant;date règlement',
      'A1;F1;15/01/2024;14/02/2024;100,00;20/02/2024',
      'A1;F2;15/01/2034;14/02/2024;100,00;',
      'A1;F3;16/01/2024;16/01/2029;100,00;',
    ]);
    const e = await expectRefused(path, /1 date is far from the period the file covers \(date facture\)/);
    expect(e.problems.map((p) => [p.line, p.column, p.value])).toEqual([[3, 'date facture', '15/01/2034']]);
    expect(e.problems[0].message).toMatch(/an invoice is not dated more than a year ahead of today\)$/);
  });

  it('refuses a file marked UTF-8 (BOM) whose line 4 is not, and the database keeps working', async () => {
    // DuckDB reading such bytes as UTF-8 failed so badly that the whole database had to be reopened
    const lines = ['Code client\tRaison sociale\tFacture\tDate facture\tMontant TTC\tSolde', '00042\tA\tF-1\t15/01/2024\t1 200,00\t0', '00042\tB\tF-2\t16/01/2024\t600,00\t0'];
    const path = join(t.dir, 'damaged.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r') + '\r'), Buffer.from('00042\tC\tF-3\t17/01/2024\t300,'), Buffer.from([0xfd, 0x7c, 0x19]), Buffer.from('00\t0\r')]));
    const e = await expectRefused(path, /the file starts with the UTF-8 mark, but line 4 has bytes that are not UTF-8/);
    expect(e.problems).toEqual([{ line: 4, message: 'bytes that are not UTF-8' }]);
    expect((await load(fixture('invoices', 'encours-fr.csv'))).status).toBe('active');
  });

  it('reads an invoice list saved by Excel as Unicode text (UTF-16, tabs)', async () => {
    const text = ['Code client\tFacture\tDate facture\tMontant TTC\tSolde', '00042\tF-1\t15/01/2024\t1 200,00\t0', '00042\tF-2\t16/01/2024\t600,00\t600,00'].join('\r\n') + '\r\n';
    const path = join(t.dir, 'unicode.txt');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const o = await load(path);
    expect(o, o.error?.report).toMatchObject({ status: 'active', line_count: 2, total_debit: 1800 });
  });
});
