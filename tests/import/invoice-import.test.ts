// The invoice / open-item CSV importer: synonyms in French and English, explicit mappings,
// per-file date formats, identifiers kept as strings, and its bad inputs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
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
