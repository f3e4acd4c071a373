// The expected-loss view (IFRS 9 provision matrix) on a small history worked by hand (30 days net,
// buckets not due / 1-30 / 31-60 / 61-90 / over 90, 12 months of outcome): at each month-end M whose
// 12 months are known, the amount open on client accounts per bucket and what of it was written off
// (654) or moved to 416 within them; rate = Σ lost / Σ open; expected loss = open today × rate.
// One database for the whole file (two entities), built once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers.ts';
import { bankCharges, load, receipt, sale, type L } from './ledger.ts';
import { expectedLossReport } from '../../src/server/reports/expected-loss.ts';
import { agingReport } from '../../src/server/reports/aging.ts';
import type { Settings } from '../../src/server/models/settings.ts';

let t: TestDb;
let settings: Settings;
beforeAll(async () => {
  t = await openTestDb();
  settings = await load(t, [
    { name: '123456789FEC20241231.txt', lines: a2024() },
    { name: '123456789FEC20251231.txt', lines: a2025() },
    { name: '987654321FEC20241231.txt', lines: b2024() },
    { name: '987654321FEC20251231.txt', lines: b2025() },
  ]);
});
afterAll(() => t.cleanup());

/** A write-off: a credit TTC on the client account (411, or 416 for a doubtful debt) against 654 (HT) and the VAT recovered (44571). */
const writeOff = (entry: string, date: string, client: string, piece: string, ttc: number, letter?: string, account = '411000'): L[] => {
  const ht = Math.round((ttc / 1.2) * 100) / 100;
  return [
    ['OD', entry, date, '654000', '', piece, date, ht, 0],
    ['OD', entry, date, '445710', '', piece, date, Math.round((ttc - ht) * 100) / 100, 0],
    ['OD', entry, date, account, client, piece, date, 0, ttc, letter],
  ];
};
/** A transfer to doubtful debts (411 → 416), not lettered: applied to the client's oldest open invoice. */
const transfer = (entry: string, date: string, client: string, piece: string, pieceDate: string, amount: number): L[] => [
  ['OD', entry, date, '416000', client, piece, pieceDate, amount, 0],
  ['OD', entry, date, '411000', client, piece, pieceDate, 0, amount],
];

/**
 * Entity 123456789, 2024. C1: F0 3 000 on 05/01 (due 04/02) paid 20/03; F1 1 200 on 15/01 (due
 * 14/02) paid 10/03; F2 600 on 10/02 (due 11/03) moved to 416 on 20/06 and still there. C2: F3 900
 * on 20/01 (due 19/02) written off on 10/05 (654 750 + VAT 150); F4 300 on 05/03 (due 04/04) paid 20/04;
 * F9 1 000 on 15/12 (due 14/01/2025), still open.
 */
const a2024 = (): L[] => [
  ...sale('1', '2024-01-05', 'C1', 'F0', 3000, 'A'),
  ...sale('2', '2024-01-15', 'C1', 'F1', 1200, 'E'),
  ...sale('3', '2024-01-20', 'C2', 'F3', 900, 'C'),
  ...sale('4', '2024-02-10', 'C1', 'F2', 600),
  ...sale('5', '2024-03-05', 'C2', 'F4', 300, 'B'),
  ...receipt('1', '2024-03-10', 'C1', 'V1', 1200, 'E'),
  ...receipt('2', '2024-03-20', 'C1', 'V0', 3000, 'A'),
  ...receipt('3', '2024-04-20', 'C2', 'V4', 300, 'B'),
  ...writeOff('1', '2024-05-10', 'C2', 'F3', 900, 'C'),
  ...transfer('2', '2024-06-20', 'C1', 'F2', '2024-02-10', 600),
  ...sale('6', '2024-12-15', 'C2', 'F9', 1000),
];
/** 2025, open at 31/03: C1 F8 400 on 05/01 (due 04/02), F6 2 000 on 10/03 (due 09/04); C2 F7 570 on 10/02 (due 12/03); C3 a payment of 50 applied to nothing. */
const a2025 = (): L[] => [
  ...sale('1', '2025-01-05', 'C1', 'F8', 400),
  ...sale('2', '2025-02-10', 'C2', 'F7', 570),
  ...sale('3', '2025-03-10', 'C1', 'F6', 2000),
  ...receipt('1', '2025-03-25', 'C3', 'V9', 50),
  ...bankCharges('2025-03-31'),
];
/**
 * Entity 987654321: D1's G1 1 000 on 10/01/2024 (due 09/02) written off on 30/06/2024; G2 500 on
 * 01/03/2025 (due 31/03). D2's H1 800 on 12/01/2024 (due 11/02) moved to 416 on 15/04/2024, then
 * written off from 416 on 30/09/2024: one loss, counted once (on 15/04).
 */
const b2024 = (): L[] => [
  ...sale('1', '2024-01-10', 'D1', 'G1', 1000, 'G'),
  ...sale('2', '2024-01-12', 'D2', 'H1', 800),
  ...transfer('1', '2024-04-15', 'D2', 'H1', '2024-01-12', 800),
  ...writeOff('2', '2024-06-30', 'D1', 'G1', 1000, 'G'),
  ...writeOff('3', '2024-09-30', 'D2', 'H1', 800, undefined, '416000'),
];
const b2025 = (): L[] => [...sale('1', '2025-03-01', 'D1', 'G2', 500), ...bankCharges('2025-03-31')];

const A = '123456789';
const B = '987654321';
const LOW = { min_month_ends: 3, min_lost_clients: 2 };
const report = (asOf: string, entity: string | null, threshold?: typeof LOW) => expectedLossReport(t.db, { asOf, entity, settings, threshold });
const rows = (r: Awaited<ReturnType<typeof report>>) => r.matrix.map((m) => [m.key, m.open_amount, m.history_open, m.history_lost, m.lost_clients, m.rate, m.expected_loss]);

describe('the provision matrix on a small history worked by hand', () => {
  it('measures each bucket’s loss rate over the month-ends whose 12 months are known, and applies it to the balance', async () => {
    // At 31/03/2025 the month-ends with 12 months known (to the month-end 12 months later, by
    // 31/03/2025) are 31/01, 29/02 and 31/03/2024. Open on 411 then, and lost within 12 months:
    //   31/01: F0 3 000, F1 1 200, F3 900 not due (due 04/02, 14/02, 19/02)  → not due 5 100, lost F3 900 (C2)
    //   29/02: F2 600 not due (due 11/03)                                     → not due   600, lost F2 600 (C1, to 416 on 20/06)
    //          F0 25 d, F1 15 d, F3 10 d past due                              → 1-30    5 100, lost F3 900 (C2)
    //   31/03: F4 300 not due (F0 and F1 paid)                                → not due   300, lost 0
    //          F2 20 d past due                                               → 1-30      600, lost F2 600 (C1)
    //          F3 41 d past due                                               → 31-60     900, lost F3 900 (C2)
    // Rates: not due 1 500 / 6 000 = 25 %; 1-30 1 500 / 5 700 = 26.31578947 %; 31-60 900 / 900 = 100 %;
    // 61-90 and over 90: no history. Today (31/03/2025): F6 2 000 not due × 25 % = 500; F7 570 19 d
    // past due × 0.2631578947 = 149.99999998 → 150; F8 400 55 d × 100 % = 400; F9 1 000 76 d past
    // due, in 61-90 which the history never saw: the highest younger rate, 100 % (carried) → 1 000.
    // Expected loss 2 050. F2 on 416 (600, 385 d past due): the proposal's 100 % of its 500 excluding
    // VAT. Allowance 2 550. C3's 50 is unapplied. Aged total 2 000 + 570 + 400 + 1 000 + 600 − 50 = 4 520.
    const r = await report('2025-03-31', A, LOW);
    expect(r.status).toBe('available');
    expect([r.month_ends, r.first_month_end, r.last_month_end, r.lost_clients, r.outcome_months]).toEqual([3, '2024-01-31', '2024-03-31', 2, 12]);
    expect(rows(r)).toEqual([
      ['not_due', 2000, 6000, 1500, 2, 0.25, 500],
      ['d1_30', 570, 5700, 1500, 2, 0.2631578947, 150],
      ['d31_60', 400, 900, 900, 1, 1, 400],
      ['d61_90', 1000, 0, 0, 0, 1, 1000],
      ['d91_plus', 0, 0, 0, 0, 1, 0],
    ]);
    expect(r.matrix.map((m) => m.rate_carried)).toEqual([false, false, false, true, true]);
    expect(r.history).toEqual([
      { month_end: '2024-01-31', outcome_end: '2025-01-31', open: [5100, 0, 0, 0, 0], lost: [900, 0, 0, 0, 0], lost_clients: 1 },
      { month_end: '2024-02-29', outcome_end: '2025-02-28', open: [600, 5100, 0, 0, 0], lost: [600, 900, 0, 0, 0], lost_clients: 2 },
      { month_end: '2024-03-31', outcome_end: '2025-03-31', open: [300, 600, 900, 0, 0], lost: [0, 600, 900, 0, 0], lost_clients: 2 },
    ]);
    expect(r.doubtful).toEqual({ open_amount: 600, provision: 500 });
    expect(r.unapplied).toBe(-50);
    expect(r.totals).toEqual({ open_amount: 3970, expected_loss: 2050, aged_total: 4520, allowance: 2550 });
    // the matrix covers the whole aged balance
    expect(r.totals.aged_total).toBe((await agingReport(t.db, { asOf: '2025-03-31', entity: A, basis: 'due', edges: [30, 60, 90] })).totals.total);
  });

  it('says "not enough history" below the threshold: the rates and their history shown, no expected loss', async () => {
    // the measured threshold (12 month-ends, 5 clients lost) is far above this ledger's 3 and 2
    const measured = await report('2025-03-31', A);
    expect(measured.status).toBe('not_enough_history');
    expect(measured.threshold).toEqual({ min_month_ends: 12, min_lost_clients: 5 });
    expect(measured.matrix.map((m) => [m.rate, m.expected_loss])).toEqual([[0.25, null], [0.2631578947, null], [1, null], [1, null], [1, null]]);
    expect(measured.totals).toEqual({ open_amount: 3970, expected_loss: null, aged_total: 4520, allowance: null });
    expect(measured.doubtful).toEqual({ open_amount: 600, provision: 500 });
    // at 28/02/2025 only 31/01 and 29/02/2024 have their 12 months: not due 1 500 / 5 700, 1-30 900 / 5 100;
    // open then: F7 570 not due (due 12/03), F8 400 24 d past due, F9 1 000 45 d past due (31-60, no
    // history: the highest younger rate, not due's)
    const feb = await report('2025-02-28', A, LOW);
    expect([feb.status, feb.month_ends, feb.lost_clients]).toEqual(['not_enough_history', 2, 2]);
    expect(rows(feb).slice(0, 3)).toEqual([
      ['not_due', 570, 5700, 1500, 2, 0.2631578947, null],
      ['d1_30', 400, 5100, 900, 1, 0.1764705882, null],
      ['d31_60', 1000, 0, 0, 0, 0.2631578947, null],
    ]);
    // before any month-end has its 12 months: an empty history
    const early = await report('2024-12-31', A, LOW);
    expect([early.status, early.month_ends, early.first_month_end, early.history, early.lost_clients]).toEqual(['not_enough_history', 0, null, [], 0]);
  });

  it('is measured on the chosen entity alone, and on all of them together', async () => {
    // 987654321: G1 1 000 and H1 800 open at 31/01 (not due), 29/02 (20 and 18 d) and 31/03/2024
    // (51 and 49 d); G1 written off on 30/06, H1 moved to 416 on 15/04 — its write-off from 416 on
    // 30/09 is the same loss, not counted again (else 2 600 lost of 1 800) → 100 % in each of the three
    // buckets; G2 500 not due at 31/03/2025 → 500. Nothing left on 416.
    const b = await report('2025-03-31', B, LOW);
    expect(b.status).toBe('available');
    expect(rows(b).slice(0, 3)).toEqual([
      ['not_due', 500, 1800, 1800, 2, 1, 500],
      ['d1_30', 0, 1800, 1800, 2, 1, 0],
      ['d31_60', 0, 1800, 1800, 2, 1, 0],
    ]);
    expect(b.history.map((m) => [m.month_end, m.open, m.lost])).toEqual([
      ['2024-01-31', [1800, 0, 0, 0, 0], [1800, 0, 0, 0, 0]],
      ['2024-02-29', [0, 1800, 0, 0, 0], [0, 1800, 0, 0, 0]],
      ['2024-03-31', [0, 0, 1800, 0, 0], [0, 0, 1800, 0, 0]],
    ]);
    expect(b.doubtful).toEqual({ open_amount: 0, provision: 0 });
    // together: not due 3 300 / 7 800 = 42.30769231 % of 2 500 → 1 057.69; 1-30 3 300 / 7 500 = 44 %
    // of 570 → 250.80; 31-60 2 700 / 2 700 of 400 → 400; 61-90 no history: 100 % carried of F9's
    // 1 000 → 1 000; four clients lost (C1, C2, D1, D2)
    const all = await report('2025-03-31', null, LOW);
    expect(all.entity_id).toBe('*');
    expect(rows(all).slice(0, 3)).toEqual([
      ['not_due', 2500, 7800, 3300, 4, 0.4230769231, 1057.69],
      ['d1_30', 570, 7500, 3300, 4, 0.44, 250.8],
      ['d31_60', 400, 2700, 2700, 3, 1, 400],
    ]);
    expect([all.lost_clients, all.totals.expected_loss, all.doubtful.provision, all.totals.allowance]).toEqual([4, 2708.49, 500, 3208.49]);
  });
});
