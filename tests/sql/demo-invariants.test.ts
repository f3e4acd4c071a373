// Invariants of the models on the generated demo ledger (three fiscal years, about 250 clients):
// at every month-end the aged balance equals the ledger balance to the cent, its buckets add up
// to its total, and its clients add up to its total; every invoice is counted once and settled on
// the date the generator paid it (demo-models.test.ts checks the behaviour, risk and forecast).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTruth } from '../../src/server/demo/generate.ts';
import { runChecks } from '../../src/server/models/runner.ts';
import type { Settings } from '../../src/server/models/settings.ts';
import { agingHistory, agingReport } from '../../src/server/reports/aging.ts';
import { runForecast } from '../../src/server/forecast/forecast.ts';
import { monthEnds } from '../../src/server/risk/model.ts';
import { openDemoCopy, type DemoDb } from '../helpers.ts';

let t: DemoDb;
let truth: DemoTruth;
let settings: Settings;

beforeAll(async () => {
  t = await openDemoCopy();
  ({ truth, settings } = t);
});
afterAll(() => t.cleanup());

const cents = (x: number) => Math.round(x * 100);

describe('demo ledger invariants', () => {
  it('the aged balance reconciles with the ledger to the cent at every month-end, buckets and clients add up', async () => {
    const dates = [...monthEnds('2024-01-01', truth.export_date), truth.export_date, '2024-12-31', '2025-01-01', '2026-01-01'];
    expect(dates.length).toBeGreaterThanOrEqual(34);
    for (const asOf of dates) {
      for (const basis of ['due', 'invoice'] as const) {
        const r = await agingReport(t.db, { asOf, entity: null, basis, edges: [30, 60, 90] });
        expect(r.reconciliation.difference, `${asOf} ${basis}`).toBe(0);
        // the doubtful debts aged (416) are the 416 balance
        expect(r.doubtful.difference, `doubtful at ${asOf} ${basis}`).toBe(0);
        expect(cents(r.totals.total)).toBe(cents(r.reconciliation.ledger_balance));
        const bucketSum = r.buckets.reduce((sum, b) => sum + cents(r.totals[b.key]), 0);
        expect(bucketSum, `buckets at ${asOf}`).toBe(cents(r.totals.total));
        const clientSum = r.clients.reduce((sum, c) => sum + cents(c.total), 0);
        expect(clientSum, `clients at ${asOf}`).toBe(cents(r.totals.total));
        for (const c of r.clients) expect(c.amounts.reduce((s, a) => s + cents(a), 0)).toBe(cents(c.total));
      }
    }
  });

  it('keeps every invoice moved to doubtful debts (416) with its number and due date, and the open 416 items equal the 416 balance at every month-end', async () => {
    const moved = await t.db.one<{ n: number; kept: number; orphans: number }>(
      `SELECT count(*)::INTEGER AS n,
              count(*) FILTER (WHERE i.due_date = o.due_date AND i.doc_date = o.doc_date AND i.piece_ref = o.piece_ref)::INTEGER AS kept,
              (SELECT count(*) FROM items WHERE account_class = 'doubtful' AND amount > 0 AND origin_item_id IS NULL)::INTEGER AS orphans
         FROM items AS i JOIN items AS o ON o.item_id = i.origin_item_id
        WHERE i.account_class = 'doubtful'`,
    );
    expect(moved!.n).toBeGreaterThan(20);
    expect(moved).toEqual({ n: moved!.n, kept: moved!.n, orphans: 0 });
    for (const asOf of [...monthEnds('2024-01-01', truth.export_date), truth.export_date]) {
      const row = await t.db.one<{ open: number; ledger: number }>(
        `SELECT (SELECT coalesce(sum(o.open_amount), 0) FROM open_items_at($d::DATE, NULL) AS o JOIN items AS i USING (item_id) WHERE i.account_class = 'doubtful')::DOUBLE AS open,
                (SELECT coalesce(sum(doubtful_movement), 0) FROM receivable_balance_daily WHERE balance_date <= $d::DATE)::DOUBLE AS ledger`,
        { d: asOf },
      );
      expect(cents(row!.open), asOf).toBe(cents(row!.ledger));
    }
  });

  it('the forecast starts from the aged balance to the cent, and every open euro ends in a week, later, or uncollected', async () => {
    // what is still to be collected = each client's aged total when positive (a client's unapplied
    // payments and credits are taken off its invoices; more credit than invoices leaves nothing to collect)
    for (const asOf of ['2024-06-30', '2025-03-31', '2025-12-31', truth.export_date]) {
      const aging = await agingReport(t.db, { asOf, entity: null, basis: 'due', edges: [30, 60, 90] });
      const run = await runForecast(t.db, settings, { asOf, entity: null, simulations: 50 });
      const toCollect = aging.clients.reduce((sum, c) => sum + Math.max(cents(c.total), 0), 0);
      const { open_amount, disputed_amount, doubtful_amount } = run.report.totals;
      expect(cents(open_amount) + cents(disputed_amount) + cents(doubtful_amount), asOf).toBe(toCollect);
      // rounded once: each invoice's weeks, later and uncollected add up to its open amount to the cent
      const sumCents = (xs: number[]) => xs.reduce((a, x) => a + cents(x), 0);
      for (const i of run.items) expect(sumCents([...i.expected, i.later, i.uncollected]), i.piece_ref ?? '').toBe(cents(i.open_amount));
      // and so do the plan's totals, and its weeks their totals
      const tt = run.report.totals;
      expect(sumCents([tt.expected_open, tt.expected_disputed, tt.expected_promised, tt.later, tt.uncollected]), asOf).toBe(sumCents([tt.open_amount, tt.disputed_amount]));
      expect(sumCents(run.report.weeks.map((w) => w.open_expected))).toBe(cents(tt.expected_open));
      expect(sumCents(run.report.weeks.map((w) => w.expected))).toBe(cents(tt.expected));
      for (const w of run.report.weeks) expect(sumCents([w.open_expected, w.disputed_expected, w.promised_expected, w.new_sales_expected])).toBe(cents(w.expected));
      // the promises recorded by then are in the plan as their own part, the rest of their invoices on the hazards
      expect(sumCents(run.report.weeks.map((w) => w.promised_expected))).toBe(cents(tt.expected_promised));
    }
  });

  it('the month-end receivables of the DSO series are the aged totals', async () => {
    const months = await t.db.all<{ month_end: string; receivables: number }>(`SELECT strftime(month_end, '%Y-%m-%d') AS month_end, receivables FROM dso_monthly WHERE entity_id = '*' ORDER BY month_end`);
    expect(months.length).toBe(34);
    for (const m of [months[0], months[11], months[23], months[33]]) {
      const r = await agingReport(t.db, { asOf: m.month_end, entity: null, basis: 'due', edges: [30, 60, 90] });
      expect(cents(m.receivables)).toBe(cents(r.totals.total));
    }
  });

  it('the month-end history of the aged balance equals the aged balance at each date', async () => {
    const history = await agingHistory(t.db, { entity: null, edges: [30, 60, 90] });
    expect(history.months).toHaveLength(34);
    for (const m of [history.months[0], history.months[12], history.months[20], history.months[33]]) {
      const r = await agingReport(t.db, { asOf: m.month_end, entity: null, basis: 'due', edges: [30, 60, 90] });
      expect(m.amounts).toEqual(r.buckets.map((b) => r.totals[b.key]));
    }
  });

  it('no check finds a broken invariant', async () => {
    expect(await t.db.read((s) => runChecks(s))).toEqual([]);
  });

  it('counts every invoice once: one debit item per invoice of the generator', async () => {
    const row = await t.db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM invoice_settlements WHERE line_type = 'invoice'`);
    expect(row!.n).toBe(truth.invoices!.length);
  });
});

describe('the generator’s ground truth', () => {
  it('mean days late is within 2 days of the truth for every client with at least 20 settled invoices', async () => {
    const model = new Map(
      (await t.db.all<{ client_id: string; mean: number }>(`SELECT client_id, avg(days_late)::DOUBLE AS mean FROM invoice_settlements WHERE settled_by = 'payment' GROUP BY client_id`)).map((r) => [r.client_id, r.mean]),
    );
    const checked = truth.clients.filter((c) => c.settled_invoices >= 20);
    expect(checked.length).toBeGreaterThan(150);
    const off = checked.filter((c) => Math.abs(model.get(c.client_id)! - c.mean_days_late!) > 2).map((c) => `${c.client_id}: model ${model.get(c.client_id)?.toFixed(2)}, truth ${c.mean_days_late}`);
    expect(off).toEqual([]);
  });

  it('settles each invoice on the date the generator paid it', async () => {
    const settled = new Map((await t.db.all<{ piece_ref: string; d: string | null }>(`SELECT piece_ref, strftime(settled_date, '%Y-%m-%d') AS d FROM invoice_settlements WHERE line_type = 'invoice'`)).map((r) => [r.piece_ref, r.d]));
    const paid = truth.invoices!.filter((i) => i.settled_date);
    const same = paid.filter((i) => settled.get(i.invoice_num) === i.settled_date).length;
    // lettered settlements match exactly; invoices paid by unlettered transfers are matched FIFO
    expect(same / paid.length).toBeGreaterThan(0.97);
  });
});
