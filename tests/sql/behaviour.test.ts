// Client payment behaviour on hand-worked ledgers: amount-weighted means, median, 90th
// percentile, on-time share, the trend label and the segment (30 days net).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers.ts';
import { bankCharges, load, receipt, sale, type L } from './ledger.ts';
import { clientsReport } from '../../src/server/reports/clients.ts';
import { DEFAULT_SETTINGS } from '../../src/server/models/settings.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.cleanup());

const FY = '123456789FEC20241231.txt';
let entry = 0;
/** An invoice and its payment, lettered together. */
function paid(client: string, invoiceDate: string, paidOn: string, amount: number): L[] {
  entry++;
  const code = `L${entry}`;
  return [...sale(String(entry), invoiceDate, client, `F${entry}`, amount, code), ...receipt(String(entry), paidOn, client, `V${entry}`, amount, code)];
}

async function behaviour(asOf: string, client: string) {
  const report = await clientsReport(t.db, { asOf, entity: null, settings: DEFAULT_SETTINGS });
  return report.clients.find((c) => c.client_id === client)!;
}

describe('client behaviour', () => {
  it('weights delays by amount; gives median, 90th percentile and on-time share', async () => {
    // 100 paid 0 days late (30 to pay), 200 paid 10 late (40), 300 paid 20 late (50), 400 paid 40 late (70):
    // weighted days late (0×100 + 10×200 + 20×300 + 40×400) / 1 000 = 24; weighted days to pay 54;
    // median of 0, 10, 20, 40 = 15; p90 = 20 + 0.7 × (40 − 20) = 34; on time 1 of 4.
    await load(t, [
      {
        name: FY,
        lines: [...paid('B1', '2024-01-01', '2024-01-31', 100), ...paid('B1', '2024-02-01', '2024-03-12', 200), ...paid('B1', '2024-03-01', '2024-04-20', 300), ...paid('B1', '2024-04-01', '2024-06-10', 400), ...bankCharges('2024-06-30')],
      },
    ]);
    expect(await behaviour('2024-06-30', 'B1')).toMatchObject({
      invoices_12m: 4,
      amount_12m: 1000,
      mean_days_late_12m: 24,
      mean_days_to_pay_12m: 54,
      median_days_late_12m: 15,
      p90_days_late_12m: 34,
      on_time_share_12m: 0.25,
      invoices_all: 4,
      last_payment_date: '2024-06-10',
      first_invoice_date: '2024-01-01',
      trend: 'insufficient', // 2 invoices settled in the last 3 months
      segment: 'new', // first invoice less than 6 months ago, fewer than 5 settled invoices
      open_amount: 0,
    });
    // as of 31/03 only the first two are settled: (0×100 + 10×200) / 300 = 6.7
    expect(await behaviour('2024-03-31', 'B1')).toMatchObject({ invoices_12m: 2, mean_days_late_12m: 6.7, median_days_late_12m: 5 });
  });

  it('labels a clear deterioration and puts the client at risk; noise on few invoices stays unlabelled', async () => {
    // six invoices paid on time (January-June), then three paid 40 days late, settled in November
    const lines: L[] = [];
    for (const m of ['01', '02', '03', '04', '05', '06']) {
      const d = `2024-${m}-01`;
      const due = new Date(Date.parse(d) + 30 * 86_400_000).toISOString().slice(0, 10);
      lines.push(...paid('D1', d, due, 100));
    }
    lines.push(...paid('D1', '2024-08-25', '2024-11-03', 100), ...paid('D1', '2024-09-01', '2024-11-10', 100), ...paid('D1', '2024-09-10', '2024-11-19', 100));
    // a steady client with one late payment among few recent invoices: not a trend
    lines.push(...paid('S1', '2024-01-05', '2024-02-04', 100), ...paid('S1', '2024-02-05', '2024-03-06', 100), ...paid('S1', '2024-03-05', '2024-04-04', 100));
    lines.push(...paid('S1', '2024-04-05', '2024-05-05', 100), ...paid('S1', '2024-05-05', '2024-06-04', 100), ...paid('S1', '2024-09-20', '2024-11-15', 100));
    await load(t, [{ name: FY, lines: [...lines, ...bankCharges('2024-12-31')] }]);
    expect(await behaviour('2024-12-31', 'D1')).toMatchObject({
      invoices_3m: 3,
      mean_days_late_3m: 40,
      mean_days_late_9m: 0,
      trend_change_days: 40,
      trend: 'deteriorating',
      segment: 'at_risk',
      mean_days_late_12m: 13.3,
    });
    expect(await behaviour('2024-12-31', 'S1')).toMatchObject({ invoices_3m: 1, trend: 'insufficient', segment: 'regular' });
  });

  it('counts open and overdue amounts, the oldest overdue and puts a client far overdue at risk', async () => {
    // O1: six invoices paid on time in 2024, then one of 500 on 01/06 (due 01/07) left unpaid
    const lines: L[] = [];
    for (const m of ['01', '02', '03', '04', '05']) lines.push(...paid('O1', `2024-${m}-02`, `2024-${m}-20`, 100));
    lines.push(...paid('O1', '2024-01-10', '2024-02-01', 100), ...sale('99', '2024-06-01', 'O1', 'FX', 500));
    await load(t, [{ name: FY, lines: [...lines, ...bankCharges('2024-09-30')] }]);
    expect(await behaviour('2024-09-30', 'O1')).toMatchObject({ open_amount: 500, overdue_amount: 500, oldest_days_past_due: 91, segment: 'at_risk', mean_days_late_12m: expect.any(Number) });
    expect(await behaviour('2024-07-15', 'O1')).toMatchObject({ oldest_days_past_due: 14, segment: 'regular' });
  });
});
