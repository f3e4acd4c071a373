// The receivable models on tiny hand-made ledgers: every expected figure is worked out by hand in
// the comments. Each aged balance is also checked against the ledger (difference 0).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers.ts';
import { bucketAmount } from '../helpers.ts';
import { aging, bankCharges, creditNote, items, load, receipt, sale, settlements, type L } from './ledger.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.cleanup());

const FY2024 = '123456789FEC20241231.txt';

/** The aged balance at a date: client totals, bucket totals, and the reconciliation (must be 0). */
async function agedAt(asOf: string) {
  const report = await aging(t, asOf);
  expect(report.reconciliation.difference, `reconciliation at ${asOf}`).toBe(0);
  expect(report.reconciliation.aged_total).toBe(report.reconciliation.ledger_balance);
  return report;
}

describe('settlement and ageing on hand-worked ledgers (30 days net unless said)', () => {
  it('an invoice paid in full', async () => {
    // F1 1 200 on 10/01, due 09/02; paid 20/02: 41 days to pay, 11 days late.
    await load(t, [{ name: FY2024, lines: [...sale('1', '2024-01-10', 'C1', 'F1', 1200, 'A'), ...receipt('1', '2024-02-20', 'C1', 'V1', 1200, 'A')] }]);
    expect(await settlements(t, 'C1')).toEqual([
      { piece_ref: 'F1', invoice_date: '2024-01-10', due_date: '2024-02-09', amount: 1200, settled_date: '2024-02-20', settled_by: 'payment', allocation_method: 'lettering', days_to_pay: 41, days_late: 11 },
    ]);
    const before = await agedAt('2024-02-19'); // 10 days past due
    expect(before.totals).toMatchObject({ total: 1200, not_due: 0, d1_30: 1200, overdue: 1200 });
    expect(before.clients[0]).toMatchObject({ client_id: 'C1', oldest_days_past_due: 10, share_overdue: 1 });
    const after = await agedAt('2024-02-20');
    expect(after.totals.total).toBe(0);
    expect(after.clients).toEqual([]);
  });

  it('an invoice paid in two parts straddling the as-of date', async () => {
    // F2 1 000 on 01/03, due 31/03; 400 paid 20/03, 600 paid 15/04 (15 days late, 45 days to pay).
    await load(t, [{ name: FY2024, lines: [...sale('1', '2024-03-01', 'C2', 'F2', 1000, 'B'), ...receipt('1', '2024-03-20', 'C2', 'V1', 400, 'B'), ...receipt('2', '2024-04-15', 'C2', 'V2', 600, 'B')] }]);
    expect((await agedAt('2024-03-19')).totals).toMatchObject({ total: 1000, not_due: 1000 });
    expect((await agedAt('2024-03-25')).totals).toMatchObject({ total: 600, not_due: 600 });
    // at 10/04 the remaining 600 is 10 days past due; the later payment is not counted
    expect((await agedAt('2024-04-10')).totals).toMatchObject({ total: 600, not_due: 0, d1_30: 600 });
    expect((await agedAt('2024-04-15')).totals.total).toBe(0);
    expect(await settlements(t, 'C2')).toMatchObject([{ settled_date: '2024-04-15', days_to_pay: 45, days_late: 15 }]);
    const [invoice] = await items(t, 'C2', '2024-04-10');
    expect(invoice).toMatchObject({ piece_ref: 'F2', open_amount: 600, days_past_due: 10, status: 'overdue', allocation_method: 'lettering' });
  });

  it('one transfer paying three invoices', async () => {
    // F31 100 (05/01, due 04/02), F32 200 (10/01, due 09/02), F33 300 (15/01, due 14/02); 600 paid 20/02.
    await load(t, [
      {
        name: FY2024,
        lines: [...sale('1', '2024-01-05', 'C3', 'F31', 100, 'C'), ...sale('2', '2024-01-10', 'C3', 'F32', 200, 'C'), ...sale('3', '2024-01-15', 'C3', 'F33', 300, 'C'), ...receipt('1', '2024-02-20', 'C3', 'V3', 600, 'C')],
      },
    ]);
    expect((await settlements(t, 'C3')).map((s) => [s.piece_ref, s.settled_date, s.days_late])).toEqual([
      ['F31', '2024-02-20', 16],
      ['F32', '2024-02-20', 11],
      ['F33', '2024-02-20', 6],
    ]);
    const report = await agedAt('2024-02-19');
    expect(report.totals).toMatchObject({ total: 600, d1_30: 600 });
    expect(report.clients[0].oldest_days_past_due).toBe(15);
  });

  it('a credit note lettered with its invoice', async () => {
    // F4 1 200 on 02/05 (due 01/06), credit note 200 on 10/05, 1 000 paid 10/06 (9 days late).
    await load(t, [{ name: FY2024, lines: [...sale('1', '2024-05-02', 'C4', 'F4', 1200, 'D'), ...creditNote('2', '2024-05-10', 'C4', 'AV4', 200, 'D'), ...receipt('1', '2024-06-10', 'C4', 'V4', 1000, 'D')] }]);
    expect((await agedAt('2024-05-05')).totals).toMatchObject({ total: 1200, not_due: 1200 });
    expect((await agedAt('2024-05-20')).totals).toMatchObject({ total: 1000, not_due: 1000 });
    expect((await agedAt('2024-06-05')).totals).toMatchObject({ total: 1000, d1_30: 1000 });
    expect(await settlements(t, 'C4')).toMatchObject([{ piece_ref: 'F4', settled_date: '2024-06-10', settled_by: 'payment', days_late: 9 }]);
  });

  it('a standalone credit note is applied to the oldest open invoice (FIFO)', async () => {
    // F5 500 on 01/06 (due 01/07); unlettered credit note 100 on 15/06 → 400 open, not due at 30/06.
    await load(t, [{ name: FY2024, lines: [...sale('1', '2024-06-01', 'C5', 'F5', 500), ...creditNote('2', '2024-06-15', 'C5', 'AV5', 100), ...bankCharges('2024-06-30')] }]);
    expect((await agedAt('2024-06-10')).totals).toMatchObject({ total: 500, not_due: 500 });
    expect((await agedAt('2024-06-30')).totals).toMatchObject({ total: 400, not_due: 400, unapplied: 0 });
    const list = await items(t, 'C5', '2024-06-30');
    expect(list.map((i) => [i.piece_ref, i.line_type, i.open_amount, i.status, i.allocation_method])).toEqual([
      ['F5', 'invoice', 400, 'not_due', 'fifo'],
      ['AV5', 'credit_note', 0, 'applied', 'fifo'],
    ]);
  });

  it('an unlettered payment is applied FIFO to the oldest invoices', async () => {
    // F61 300 (10/01, due 09/02), F62 700 (10/02, due 11/03); 500 paid 05/03, unlettered:
    // F61 settled 05/03 (25 days late), F62 keeps 500 open.
    await load(t, [{ name: FY2024, lines: [...sale('1', '2024-01-10', 'C6', 'F61', 300), ...sale('2', '2024-02-10', 'C6', 'F62', 700), ...receipt('1', '2024-03-05', 'C6', 'V6', 500), ...bankCharges('2024-03-31')] }]);
    expect(await settlements(t, 'C6')).toMatchObject([
      { piece_ref: 'F61', settled_date: '2024-03-05', allocation_method: 'fifo', days_late: 25 },
      { piece_ref: 'F62', settled_date: null, allocation_method: 'fifo', days_late: null },
    ]);
    expect((await agedAt('2024-03-04')).totals).toMatchObject({ total: 1000, not_due: 700, d1_30: 300 });
    expect((await agedAt('2024-03-31')).totals).toMatchObject({ total: 500, d1_30: 500 }); // F62 20 days past due
  });

  describe('an opening (AN) line', () => {
    // FY2023: F7 800 on 10/12/2023, unpaid at closing. FY2024 opens with a detailed AN line for F7
    // (lettered E with the payment of 20/01/2024) and the balancing lines; F7 is due 09/01/2024.
    const fy2023: L[] = sale('1', '2023-12-10', 'C7', 'F7', 800);
    const fy2024: L[] = [
      ['AN', '1', '2024-01-01', '411000', 'C7', 'F7', '2023-12-10', 800, 0, 'E'],
      ['AN', '1', '2024-01-01', '445710', '', 'AN', '2024-01-01', 0, 133.33],
      ['AN', '1', '2024-01-01', '110000', '', 'AN', '2024-01-01', 0, 666.67],
      ...receipt('1', '2024-01-20', 'C7', 'V7', 800, 'E'),
      ...bankCharges('2024-01-31'),
    ];

    it('stands for the open invoice when the previous year is not loaded', async () => {
      await load(t, [{ name: FY2024, lines: fy2024 }]);
      expect(await settlements(t, 'C7')).toEqual([
        { piece_ref: 'F7', invoice_date: '2023-12-10', due_date: '2024-01-09', amount: 800, settled_date: '2024-01-20', settled_by: 'payment', allocation_method: 'lettering', days_to_pay: 41, days_late: 11 },
      ]);
      expect((await agedAt('2024-01-15')).totals).toMatchObject({ total: 800, d1_30: 800 });
      expect((await items(t, 'C7', '2024-01-31')).map((i) => i.line_type)).toEqual(['opening', 'payment']);
    });

    it('is not counted twice when the previous year is loaded, and carries its lettering back', async () => {
      await load(t, [
        { name: '123456789FEC20231231.txt', lines: fy2023 },
        { name: FY2024, lines: fy2024 },
      ]);
      expect(await settlements(t, 'C7')).toEqual([
        { piece_ref: 'F7', invoice_date: '2023-12-10', due_date: '2024-01-09', amount: 800, settled_date: '2024-01-20', settled_by: 'payment', allocation_method: 'lettering', days_to_pay: 41, days_late: 11 },
      ]);
      expect((await agedAt('2023-12-31')).totals).toMatchObject({ total: 800, not_due: 800 });
      expect((await agedAt('2024-01-15')).totals).toMatchObject({ total: 800, d1_30: 800 }); // not 1 600
      expect((await agedAt('2024-01-20')).totals.total).toBe(0);
      expect((await items(t, 'C7', '2024-01-31')).map((i) => [i.line_type, i.import_id])).toEqual([
        ['invoice', 1],
        ['payment', 2],
      ]);
    });
  });

  it('a transfer to doubtful debts (416) and a write-off (654)', async () => {
    // F8 1 200 on 10/01 (due 09/02); moved to 416 on 30/06; written off on 15/12 (1 000 + 200 VAT).
    await load(t, [
      {
        name: FY2024,
        lines: [
          ...sale('1', '2024-01-10', 'C8', 'F8', 1200, 'F'),
          ['OD', '1', '2024-06-30', '416000', 'C8', 'F8', '2024-01-10', 1200, 0, 'G'],
          ['OD', '1', '2024-06-30', '411000', 'C8', 'F8', '2024-01-10', 0, 1200, 'F'],
          ['OD', '2', '2024-12-15', '654000', '', 'PERTE', '2024-12-15', 1000, 0],
          ['OD', '2', '2024-12-15', '445710', '', 'PERTE', '2024-12-15', 200, 0],
          ['OD', '2', '2024-12-15', '416000', 'C8', 'PERTE', '2024-12-15', 0, 1200, 'G'],
          ...bankCharges('2024-12-31'),
        ],
      },
    ]);
    const list = await items(t, 'C8', '2024-12-31');
    expect(list.map((i) => [i.account_num, i.line_type, i.amount])).toEqual([
      ['411000', 'invoice', 1200],
      ['416000', 'doubtful_transfer', 1200],
      ['411000', 'doubtful_transfer', -1200],
      ['416000', 'write_off', -1200],
    ]);
    expect(await settlements(t, 'C8')).toMatchObject([
      { piece_ref: 'F8', settled_date: '2024-06-30', settled_by: 'doubtful_transfer' },
      { piece_ref: 'F8', settled_date: '2024-12-15', settled_by: 'write_off' },
    ]);
    // at 30/09 the doubtful debt keeps the invoice's due date: 234 days past due
    const sept = await agedAt('2024-09-30');
    expect(sept.totals).toMatchObject({ total: 1200, d91_plus: 1200 });
    expect(sept.clients[0].oldest_days_past_due).toBe(234);
    expect((await agedAt('2024-12-31')).totals.total).toBe(0);
  });

  it('a transfer of two invoices to 416 in one line keeps their dates, numbers and buckets; a payment on 416 settles the oldest; a write-off closes them', async () => {
    // F1 1 200 on 10/01 (due 09/02), F2 600 on 01/04 (due 01/05), F3 300 on 10/06 (due 10/07).
    // 30/06: transfer to 416 — a 411 credit of 1 200 lettered A with F1, one of 600 unlettered (FIFO:
    // the oldest invoice left, F2), and one 416 debit of 1 800 for both, dated that day. F3 stays.
    // 31/07: 500 received on 416 (unlettered): the oldest moved invoice, F1, has 700 left.
    // 15/12: the rest written off: 654 1 083,33 + VAT 216,67 against 416 1 300.
    await load(t, [
      {
        name: FY2024,
        lines: [
          ...sale('1', '2024-01-10', 'C1', 'F1', 1200, 'A'),
          ...sale('2', '2024-04-01', 'C1', 'F2', 600),
          ...sale('3', '2024-06-10', 'C1', 'F3', 300),
          ['OD', '4', '2024-06-30', '411000', 'C1', 'F1', '2024-01-10', 0, 1200, 'A'],
          ['OD', '4', '2024-06-30', '411000', 'C1', 'DOUT', '2024-06-30', 0, 600],
          ['OD', '4', '2024-06-30', '416000', 'C1', 'DOUT', '2024-06-30', 1800, 0],
          ['BQ', '5', '2024-07-31', '512000', '', 'V416', '2024-07-31', 500, 0],
          ['BQ', '5', '2024-07-31', '416000', 'C1', 'V416', '2024-07-31', 0, 500],
          ['OD', '6', '2024-12-15', '654000', '', 'PERTE', '2024-12-15', 1083.33, 0],
          ['OD', '6', '2024-12-15', '445710', '', 'PERTE', '2024-12-15', 216.67, 0],
          ['OD', '6', '2024-12-15', '416000', 'C1', 'PERTE', '2024-12-15', 0, 1300],
          ...bankCharges('2024-12-31'),
        ],
      },
    ]);
    // the 416 debit is the two invoices it moved, with their dates, due dates and numbers
    const moved = (await items(t, 'C1', '2024-07-15')).filter((i) => i.account_num === '416000');
    expect(moved.map((i) => [i.piece_ref, i.doc_date, i.due_date, i.entry_date, i.amount])).toEqual([
      ['F1', '2024-01-10', '2024-02-09', '2024-06-30', 1200],
      ['F2', '2024-04-01', '2024-05-01', '2024-06-30', 600],
    ]);
    // ids of their own, exact as JavaScript numbers (the API's ids; the pages key their rows by them)
    expect(new Set(moved.map((i) => i.item_id)).size).toBe(2);
    for (const i of moved) expect(Number.isSafeInteger(i.item_id), String(i.item_id)).toBe(true);
    // 15/07: F1 157 days past due, F2 75, F3 (still on 411) 5 — not one new item due 30/07
    const july = await agedAt('2024-07-15');
    expect(july.totals).toMatchObject({ total: 2100, not_due: 0, d1_30: 300, d61_90: 600, d91_plus: 1200 });
    expect(july.clients[0].oldest_days_past_due).toBe(157);
    // of which doubtful: the 1 800 on 416, equal to the 416 balance
    expect(july.clients[0].doubtful).toBe(1800);
    expect(july.doubtful).toEqual({ ledger_balance: 1800, aged_total: 1800, difference: 0 });
    // 31/08: 500 received on 416 went to F1 (the oldest): F1 700 (204 days), F2 600 (122), F3 300 (52)
    const august = (await items(t, 'C1', '2024-08-31')).filter((i) => i.open_amount !== 0);
    expect(august.map((i) => [i.account_num, i.piece_ref, i.open_amount, i.days_past_due])).toEqual([
      ['416000', 'F1', 700, 204],
      ['416000', 'F2', 600, 122],
      ['411000', 'F3', 300, 52],
    ]);
    expect((await agedAt('2024-08-31')).totals).toMatchObject({ total: 1600, d31_60: 300, d91_plus: 1300, doubtful: 1300 });
    // the path of each invoice: 411 → 416 on 30/06, written off on 15/12
    expect((await settlements(t, 'C1')).map((r) => [r.piece_ref, r.due_date, r.settled_date, r.settled_by])).toEqual([
      ['F1', '2024-02-09', '2024-06-30', 'doubtful_transfer'],
      ['F1', '2024-02-09', '2024-12-15', 'write_off'],
      ['F2', '2024-05-01', '2024-06-30', 'doubtful_transfer'],
      ['F2', '2024-05-01', '2024-12-15', 'write_off'],
      ['F3', '2024-07-10', null, null],
    ]);
    expect((await agedAt('2024-12-31')).totals).toMatchObject({ total: 300, d91_plus: 300, doubtful: 0 });
  });

  it('an invoice moved to 416 in two transfers is moved once, in two parts', async () => {
    // F1 1 000 on 10/01 (due 09/02); 400 moved to 416 on 01/03, the other 600 on 01/04 (unlettered
    // both times: the oldest open invoice, F1). On 416: F1 400 from 01/03 and F1 600 from 01/04.
    await load(t, [
      {
        name: FY2024,
        lines: [
          ...sale('1', '2024-01-10', 'C1', 'F1', 1000),
          ['OD', '2', '2024-03-01', '411000', 'C1', 'DOUT1', '2024-03-01', 0, 400],
          ['OD', '2', '2024-03-01', '416000', 'C1', 'DOUT1', '2024-03-01', 400, 0],
          ['OD', '3', '2024-04-01', '411000', 'C1', 'DOUT2', '2024-04-01', 0, 600],
          ['OD', '3', '2024-04-01', '416000', 'C1', 'DOUT2', '2024-04-01', 600, 0],
          ...bankCharges('2024-04-30'),
        ],
      },
    ]);
    const moved = (await items(t, 'C1', '2024-04-30')).filter((i) => i.account_num === '416000');
    expect(moved.map((i) => [i.piece_ref, i.due_date, i.entry_date, i.amount])).toEqual([
      ['F1', '2024-02-09', '2024-03-01', 400],
      ['F1', '2024-02-09', '2024-04-01', 600],
    ]);
    const april = await agedAt('2024-04-30');
    expect(april.totals).toMatchObject({ total: 1000, d61_90: 1000, doubtful: 1000 });
    expect(april.doubtful.difference).toBe(0);
  });

  it('an invoice due "45 days end of month"', async () => {
    // 15/01 + 45 days = 29/02, end of that month: due 29/02/2024.
    await load(t, [{ name: FY2024, lines: [...sale('1', '2024-01-15', 'C9', 'F9', 600), ...bankCharges('2024-03-01')] }], { payment_terms: { default: '30 days net', clients: { C9: '45 days end of month' } } });
    expect((await settlements(t, 'C9'))[0].due_date).toBe('2024-02-29');
    expect((await agedAt('2024-02-29')).totals).toMatchObject({ not_due: 600, d1_30: 0 });
    expect((await agedAt('2024-03-01')).totals).toMatchObject({ not_due: 0, d1_30: 600 });
  });

  it('two clients sharing a lettering code are not mixed', async () => {
    // CA: 100 invoiced, 100 paid, lettered A. CB: 200 invoiced, 150 paid, also lettered A (partial).
    await load(t, [
      {
        name: FY2024,
        lines: [...sale('1', '2024-02-01', 'CA', 'FA', 100, 'A'), ...receipt('1', '2024-02-15', 'CA', 'VA', 100, 'A'), ...sale('2', '2024-02-01', 'CB', 'FB', 200, 'A'), ...receipt('2', '2024-02-20', 'CB', 'VB', 150, 'A'), ...bankCharges('2024-03-10')],
      },
    ]);
    const report = await agedAt('2024-03-10'); // FB due 02/03: 8 days past due
    expect(report.clients.map((c) => [c.client_id, c.total, bucketAmount(report, c, 'd1_30')])).toEqual([['CB', 50, 50]]);
    expect((await settlements(t, 'CA'))[0].settled_date).toBe('2024-02-15');
    expect((await settlements(t, 'CB'))[0].settled_date).toBeNull();
  });

  it('ages by invoice date when asked', async () => {
    await load(t, [{ name: FY2024, lines: [...sale('1', '2024-01-10', 'C1', 'F1', 100), ...sale('2', '2024-03-01', 'C1', 'F2', 50), ...bankCharges('2024-03-15')] }]);
    const report = await aging(t, '2024-03-15', 'invoice'); // ages: 65 and 14 days
    expect(report.buckets.map((b) => b.key)).toEqual(['d0_30', 'd31_60', 'd61_90', 'd91_plus', 'unapplied']);
    expect(report.totals).toMatchObject({ total: 150, d0_30: 50, d61_90: 100, overdue: 100 });
  });
});

describe('DSO formulas', () => {
  const scalar = async (sql: string) => Object.values((await t.db.one<Record<string, number>>(sql))!)[0];
  beforeEach(async () => {
    await load(t, [{ name: FY2024, lines: sale('1', '2024-01-10', 'C1', 'F1', 100) }]); // creates the macros
  });

  it('countback: receivables 212 000, sales 100 000 / 80 000 / 70 000 over 30-day months → 73.71 days', async () => {
    // 100 000 and 80 000 are used up (60 days), 32 000 of 70 000 remain: 60 + 32/70 × 30 = 73.714…
    const dso = await scalar(`SELECT countback_dso(212000, [100000, 80000, 70000], [30, 30, 30])`);
    expect(dso).toBeCloseTo(73.7142857, 6);
    expect(Math.round(dso * 100) / 100).toBe(73.71);
    expect(await scalar(`SELECT countback_dso(50000, [100000, 80000], [31, 30])`)).toBeCloseTo(15.5, 9);
    expect(await scalar(`SELECT countback_dso(0, [100000], [31])`)).toBe(0);
    expect(await scalar(`SELECT countback_dso(500000, [100000, 80000], [31, 30])`)).toBeNull(); // not exhausted
  });

  it('ADD: receivables 15 000 of which 4 000 not due, sales 10 000 over 30 days → DSO 45, best 12, ADD 33', async () => {
    expect(await scalar(`SELECT simple_dso(15000, [10000], [30], 1)`)).toBe(45);
    expect(await scalar(`SELECT simple_dso(4000, [10000], [30], 1)`)).toBe(12);
    expect(await scalar(`SELECT simple_dso(15000, [10000], [30], 1) - simple_dso(4000, [10000], [30], 1)`)).toBe(33);
  });

  it('CEI: (opening + sales − closing) / (opening + sales − closing current) × 100', async () => {
    expect(await scalar(`SELECT cei(100, 50, 90, 40)`)).toBeCloseTo((60 / 110) * 100, 9);
  });

  it('the monthly DSO series of a small ledger', async () => {
    // Sales 30 000 (15/01), 40 000 (15/02), 50 000 (15/03); January's invoice paid 20/02.
    // At 31/03: receivables 90 000; not due: March's 50 000 (due 14/04); February's is overdue.
    // countback: 50 000 of March (31 days) + 40 000 of February (29 days) = 60 days.
    // simple 3 months: 90 000 / 120 000 × (31 + 29 + 31) = 68.25. Best (countback): 31. ADD: 29.
    // CEI of March: opening 40 000 + sales 50 000 − closing 90 000 = 0 collected → 0 %.
    t.cleanup();
    t = await openTestDb();
    await load(t, [
      { name: FY2024, lines: [...sale('1', '2024-01-15', 'C1', 'F1', 30000, 'A'), ...sale('2', '2024-02-15', 'C1', 'F2', 40000), ...sale('3', '2024-03-15', 'C1', 'F3', 50000), ...receipt('1', '2024-02-20', 'C1', 'V1', 30000, 'A'),
        // the ledger runs to the end of March
        ...bankCharges('2024-03-31')] },
    ]);
    const march = await t.db.one(`SELECT receivables, sales, not_due, dso_countback, dso_simple_3m, best_dso_countback, add_countback, cei FROM dso_monthly WHERE entity_id = '*' AND month_end = '2024-03-31'`);
    expect(march).toEqual({ receivables: 90000, sales: 50000, not_due: 50000, dso_countback: 60, dso_simple_3m: 68.25, best_dso_countback: 31, add_countback: 29, cei: 0 });
    const feb = await t.db.one(`SELECT receivables, not_due, cei FROM dso_monthly WHERE entity_id = '123456789' AND month_end = '2024-02-29'`);
    // February: opening 30 000 + sales 40 000 − closing 40 000 = 30 000 collected; all 40 000 current → 30/30 = 100 %
    expect(feb).toEqual({ receivables: 40000, not_due: 40000, cei: 100 });
  });
});

describe('invoice / open-item imports feed the same model', () => {
  it('uses their due dates and settled dates directly', async () => {
    const { importFile } = await import('../../src/server/import/importer.ts');
    const { fixture } = await import('../helpers.ts');
    const o = await importFile(t.db, fixture('invoices', 'encours-fr.csv'), { source: 'cli', entity: 'ACME' });
    expect(o.status).toBe('active');
    // the group's other company, its ledger to 28/02 (no client lines): the consolidated balance can be asked until then
    await load(t, [{ name: '987654321FEC20241231.txt', lines: bankCharges('2024-02-28') }]);
    // 000123 1 200 settled 20/02; 000124 600 due 27/02, disputed; a 150 credit note of client 00107.
    const report = await agedAt('2024-02-25');
    expect(report.totals).toMatchObject({ total: 450, not_due: 600, unapplied: -150 });
    expect(report.clients.find((c) => c.client_id === '00042')).toMatchObject({ total: 600, has_disputed: true });
    expect(await settlements(t, '00042')).toMatchObject([
      { piece_ref: '000123', due_date: '2024-02-14', settled_date: '2024-02-20', days_late: 6 },
      { piece_ref: '000124', due_date: '2024-02-27', settled_date: null },
    ]);
    expect((await agedAt('2024-02-28')).totals).toMatchObject({ d1_30: 600 });
  });
});
