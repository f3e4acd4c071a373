// The CFO's levers (#17) on small ledgers worked by hand — one database, four entities, each a
// lever's example (payment terms 30 days net unless said; cost of funds 5 % unless said):
// - 123456789, the cost of late payment: C1's 12 000 € paid 45 days late; C2's 1 200 € moved to
//   doubtful debts 30 days late and paid on 416 30 days later; the 12 months' window cuts both;
// - 987654321, today's overdue and the cash freed at terms: three months of 10 000 € unpaid (ADD 59
//   days), and no payment at all in the history (factoring's days from the due dates);
// - 111222333, factoring: 100 000 € eligible for 45 days, one disputed and one 120-days-overdue
//   invoice left out;
// - 444555666, the escompte: three clients with 3 650 000 € of sales, paying 40 days late, 20 days
//   late and at terms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { runEncours } from '../cli-run.ts';
import { openTestDb, type TestDb } from '../helpers.ts';
import { bankCharges, load, receipt, sale, writeFec, type L } from './ledger.ts';
import { checkSettings, DEFAULT_SETTINGS, readSettings, type Settings } from '../../src/server/models/settings.ts';
import { leversReport } from '../../src/server/reports/levers.ts';
import { bumpCollectionsVersion } from '../../src/server/collections/actions.ts';
import { buildApp } from '../../src/server/app.ts';
import type { LeversInputs, LeversReport } from '../../src/lib/contract/index.ts';

let t: TestDb;
let settings: Settings;
beforeAll(async () => {
  t = await openTestDb();
  settings = await load(
    t,
    [
      { name: '123456789FEC20251231.txt', lines: late2025() },
      { name: '123456789FEC20261231.txt', lines: bankCharges('2026-03-01') },
      { name: '987654321FEC20251231.txt', lines: overdue2025() },
      { name: '111222333FEC20251231.txt', lines: factoring2025() },
      { name: '444555666FEC20251231.txt', lines: escompte2025() },
    ],
    { payment_terms: { default: '30 days net', clients: { '111222333/B': '60 days net' } } },
  );
  // F12 disputed in the app on 20/06/2025, still open
  await t.db.transaction(async (s) => {
    await s.run(
      `INSERT INTO collection_actions (entity_id, client_id, invoice_ref, kind, done_on, amount, dispute_reason, recorded_by)
       VALUES ('111222333', 'B', 'F12', 'dispute', DATE '2025-06-20', 5000, 'quality', 'test')`,
    );
    await bumpCollectionsVersion(s);
  });
});
afterAll(() => t.cleanup());

const levers = (asOf: string | null, entity: string | null, inputs: Partial<LeversInputs> = {}): Promise<LeversReport> => leversReport(t.db, settings, { asOf, entity, inputs });
const client = (r: LeversReport, id: string) => r.clients.find((c) => c.client_id === id)!;

/**
 * C1: F1 12 000 on 10/01/2025, due 09/02, paid 26/03 — 45 days late. C2: F2 1 200 on 05/01, due
 * 04/02, moved to 416 on 06/03 (30 days late), paid on 416 on 05/04 (30 days more). The ledger runs
 * to 30/06/2025 (and, in the next file, to 01/03/2026).
 */
const late2025 = (): L[] => [
  ...sale('1', '2025-01-10', 'C1', 'F1', 12_000, 'A'),
  ...receipt('1', '2025-03-26', 'C1', 'V1', 12_000, 'A'),
  ...sale('2', '2025-01-05', 'C2', 'F2', 1200),
  ['OD', '1', '2025-03-06', '416000', 'C2', 'F2', '2025-01-05', 1200, 0],
  ['OD', '1', '2025-03-06', '411000', 'C2', 'F2', '2025-01-05', 0, 1200],
  ['BQ', '2', '2025-04-05', '512000', '', 'V2', '2025-04-05', 1200, 0],
  ['BQ', '2', '2025-04-05', '416000', 'C2', 'V2', '2025-04-05', 0, 1200],
  ...bankCharges('2025-06-30'),
];

/** D1: 10 000 on 15/01/2025 (due 14/02), 15/02 (due 17/03) and 15/03 (due 14/04), none paid; the ledger runs to 31/03. */
const overdue2025 = (): L[] => [
  ...sale('1', '2025-01-15', 'D1', 'G1', 10_000),
  ...sale('2', '2025-02-15', 'D1', 'G2', 10_000),
  ...sale('3', '2025-03-15', 'D1', 'G3', 10_000),
  ...bankCharges('2025-03-31'),
];

/**
 * A: three invoices of 1 000, each paid on its due date — the whole payment history. B (60 days
 * net): F10 60 000 and F11 40 000 on 15/06/2025, due 14/08 (45 days after 30/06), and F12 5 000 the
 * same day, disputed. C: F13 7 000 on 31/01/2025, due 02/03, 120 days past due on 30/06.
 */
const factoring2025 = (): L[] => [
  ...sale('1', '2025-01-10', 'A', 'A1', 1000, 'A1'),
  ...receipt('1', '2025-02-09', 'A', 'P1', 1000, 'A1'),
  ...sale('2', '2025-02-10', 'A', 'A2', 1000, 'A2'),
  ...receipt('2', '2025-03-12', 'A', 'P2', 1000, 'A2'),
  ...sale('3', '2025-03-10', 'A', 'A3', 1000, 'A3'),
  ...receipt('3', '2025-04-09', 'A', 'P3', 1000, 'A3'),
  ...sale('4', '2025-01-31', 'C', 'F13', 7000),
  ...sale('5', '2025-06-15', 'B', 'F10', 60_000),
  ...sale('6', '2025-06-15', 'B', 'F11', 40_000),
  ...sale('7', '2025-06-15', 'B', 'F12', 5000),
  ...bankCharges('2025-06-30'),
];

/**
 * P: 1 460 000 on 01/03/2025 paid 10/05 (70 days: 40 late). R: 1 095 000 the same day paid 20/04
 * (50 days: 20 late). Q: 1 095 000 the same day paid 31/03 (30 days: at terms). 3 650 000 of sales
 * in the 12 months to 31/12/2025.
 */
const escompte2025 = (): L[] => [
  ...sale('1', '2025-03-01', 'P', 'H1', 1_460_000, 'P'),
  ...receipt('1', '2025-05-10', 'P', 'W1', 1_460_000, 'P'),
  ...sale('2', '2025-03-01', 'R', 'H2', 1_095_000, 'R'),
  ...receipt('2', '2025-04-20', 'R', 'W2', 1_095_000, 'R'),
  ...sale('3', '2025-03-01', 'Q', 'H3', 1_095_000, 'Q'),
  ...receipt('3', '2025-03-31', 'Q', 'W3', 1_095_000, 'Q'),
  ...bankCharges('2025-12-31'),
];

describe('the cost of late payment', () => {
  it('of one 12 000 € invoice paid 45 days late at 5 %: 12 000 × 45 × 5 % / 365 = 73.97 €', async () => {
    const r = await levers('2025-06-30', '123456789');
    expect(r.window).toEqual({ from_date: '2024-07-01', to_date: '2025-06-30' });
    expect(client(r, 'C1')).toMatchObject({ sales_12m: 12_000, late_amount_days_12m: 540_000, late_payment_cost_12m: 73.97, overdue_amount: 0, late_payment_cost_per_day: 0, days_to_pay_12m: 75, net_days: 30 });
    // C2: 30 days on the client account until the transfer, 30 more on 416 until paid: 1 200 × 60 × 5 % / 365
    expect(client(r, 'C2')).toMatchObject({ late_amount_days_12m: 72_000, late_payment_cost_12m: 9.86 });
    expect(r.late_payment).toMatchObject({ amount_days_12m: 612_000, cost_12m: 83.84, overdue_amount: 0, overdue_days: null, cost_per_day: 0 });
    // the costliest lateness first
    expect(r.clients.map((c) => c.client_id)).toEqual(['C1', 'C2']);
  });

  it('over the 12 months before the date only: days late before the window are not counted', async () => {
    // at 01/03/2026 the window starts on 02/03/2025: C1 counts 02/03 → 26/03 (25 days), C2 02/03 →
    // 06/03 on the client account (5 days) and 06/03 → 05/04 on 416 (30)
    const r = await levers('2026-03-01', '123456789');
    expect(r.window.from_date).toBe('2025-03-02');
    expect([client(r, 'C1').late_amount_days_12m, client(r, 'C1').late_payment_cost_12m]).toEqual([300_000, 41.1]);
    expect([client(r, 'C2').late_amount_days_12m, client(r, 'C2').late_payment_cost_12m]).toEqual([42_000, 5.75]);
    expect(r.late_payment).toMatchObject({ amount_days_12m: 342_000, cost_12m: 46.85 });
    // and the sales of the window: none (both invoices are of January 2025)
    expect(r.cash_freed.sales_12m).toBe(0);
  });

  it('at the date, on what is open and overdue, per day carried; and the cash freed at terms (ADD × daily sales)', async () => {
    // 31/03/2025: G1 45 days past due, G2 14, G3 not due. 10 000 × 45 + 10 000 × 14 = 590 000 €·days → 80.82 €;
    // 20 000 overdue cost 20 000 × 5 % / 365 = 2.74 € a day, 29.5 days past due on average
    const r = await levers('2025-03-31', '987654321');
    expect(r.late_payment).toMatchObject({ amount_days_12m: 590_000, cost_12m: 80.82, overdue_amount: 20_000, overdue_days: 29.5, cost_per_day: 2.74 });
    // countback: 30 000 of receivables take March, February and January's 10 000 each: 31 + 28 +
    // 31 = 90 days; the 10 000 not due take March's: 31; ADD 59 days. Sales 30 000 a year → 82.19 a
    // day; 59 × 30 000 / 365 = 4 849.32 € freed if every client paid at terms, 242.47 € a year at 5 %
    expect(r.cash_freed).toMatchObject({ sales_12m: 30_000, daily_sales: 82.19, dso_countback: 90, best_dso_countback: 31, add_countback: 59, at_terms: 4849.32, at_terms_value_per_year: 242.47, by_dso_reduction: 821.92 });
    // the DSO page's figures at the month-end, to the hundredth of a day
    const page = await t.db.one<{ dso: number; best: number; add: number }>(
      `SELECT round(dso_countback, 2) AS dso, round(best_dso_countback, 2) AS best, round(add_countback, 2) AS add FROM dso_monthly WHERE entity_id = '987654321' AND month_end = DATE '2025-03-31'`,
    );
    expect(page).toEqual({ dso: r.cash_freed.dso_countback, best: r.cash_freed.best_dso_countback, add: r.cash_freed.add_countback });
  });
});

describe('the cash a shorter DSO frees', () => {
  it('10 days at 3 650 000 € of sales a year: 10 × 3 650 000 / 365 = 100 000 €', async () => {
    const r = await levers('2025-12-31', '444555666');
    expect(r.cash_freed).toMatchObject({ sales_12m: 3_650_000, daily_sales: 10_000, by_dso_reduction: 100_000, by_dso_reduction_value_per_year: 5000 });
    expect((await levers('2025-12-31', '444555666', { dso_reduction_days: 5 })).cash_freed.by_dso_reduction).toBe(50_000);
  });
});

describe('the early-payment discount (escompte)', () => {
  // 1 % for payment within 10 days, funds at 10 %: a client paying at d days brings
  // sales × (d − 10) / 365 forward, worth 10 % of that a year, for 1 % of its sales
  const inputs = { discount_rate: 0.01, discount_days: 10, cost_of_funds: 0.1 };

  it('ranks the client paying 40 days late above one paying 20 days late; the one paying at terms loses and is not offered it', async () => {
    const r = await levers('2025-12-31', '444555666', inputs);
    // P: 1 460 000 × 60 / 365 = 240 000 brought forward, worth 24 000, for 14 600 → 9 400
    // R: 1 095 000 × 40 / 365 = 120 000, worth 12 000, for 10 950 → 1 050
    // Q: 1 095 000 × 20 / 365 = 60 000, worth 6 000, for 10 950 → −4 950
    expect(r.escompte.ranking).toEqual([
      { rank: 1, entity_id: '444555666', client_id: 'P', client_name: 'Client P', sales_12m: 1_460_000, days_to_pay_12m: 70, cash_brought_forward: 240_000, value_of_cash: 24_000, discount_cost: 14_600, net_gain: 9400 },
      { rank: 2, entity_id: '444555666', client_id: 'R', client_name: 'Client R', sales_12m: 1_095_000, days_to_pay_12m: 50, cash_brought_forward: 120_000, value_of_cash: 12_000, discount_cost: 10_950, net_gain: 1050 },
    ]);
    expect(client(r, 'Q')).toMatchObject({ days_to_pay_12m: 30, escompte_net_gain: -4950, escompte_rank: null });
    expect(r.escompte).toMatchObject({ clients_offered: 2, sales_offered: 2_555_000, cash_brought_forward: 360_000, value_of_cash: 36_000, discount_cost: 25_550, net_gain: 10_450 });
    // what it costs a year, at the clients' own terms (30 days): 1/99 × 365/20 = 18.43 %, dearer than funds at 10 %
    expect(r.escompte).toMatchObject({ net_days: 30, annual_cost: 0.184343, cheaper_than_funds: false });
    expect(client(r, 'P')).toMatchObject({ net_days: 30, escompte_annual_cost: 0.184343, escompte_rank: 1 });
    // and what their lateness costs at 10 %: P 1 460 000 × 40 days, R 1 095 000 × 20 days
    expect([client(r, 'P').late_payment_cost_12m, client(r, 'R').late_payment_cost_12m, client(r, 'Q').late_payment_cost_12m]).toEqual([16_000, 6000, 0]);
  });

  it('at the settings’ 2 % at 10 days and funds at 5 %, costs 37.24 % a year and is worth offering to no one', async () => {
    const r = await levers('2025-12-31', '444555666');
    expect(r.inputs).toEqual(DEFAULT_SETTINGS.levers);
    expect(r.escompte).toMatchObject({ annual_cost: 0.372449, cheaper_than_funds: false, clients_offered: 0, cash_brought_forward: 0, ranking: [] });
    // P: 1 460 000 × 60 / 365 × 5 % = 12 000 for 29 200
    expect(client(r, 'P').escompte_net_gain).toBe(-17_200);
    // at 60 days net instead of the clients' 30: 2/98 × 365/50 = 14.90 %
    expect((await levers('2025-12-31', '444555666', { net_days: 60 })).escompte).toMatchObject({ net_days: 60, annual_cost: 0.148980 });
  });

  it('refuses a discount for paying no sooner than the terms', async () => {
    await expect(levers('2025-12-31', '444555666', { discount_days: 30, net_days: 30 })).rejects.toMatchObject({
      statusCode: 400,
      message: 'discount_days (30) must be fewer than net_days (30): the discount is for paying sooner than the terms.',
    });
  });
});

describe('factoring', () => {
  // Eligible: F10 + F11 = 100 000, 45 days from their due date (client A paid every invoice on its
  // due date: the delays put their payment on it). Advanced 100 000 × (1 − 10 %) = 90 000; cost
  // 0.5 % × 100 000 = 500 + 4 % × 90 000 × 45 / 365 = 443.84 → 943.84 (8.51 % a year on the cash).
  // The same 90 000 for 45 days at 5 %: 554.79, so factoring costs 389.04 more.
  const inputs = { factoring_commission: 0.005, factoring_rate: 0.04, factoring_reserve: 0.1 };

  it('advances 90 000 of 100 000 eligible for 943.84, without the disputed and the 120-days-overdue invoices', async () => {
    const r = await levers('2025-06-30', '111222333', inputs);
    expect(r.factoring).toEqual({
      remaining_days_method: 'forecast',
      open_amount: 112_000,
      excluded: [
        { reason: 'doubtful', amount: 0, invoices: 0 },
        { reason: 'disputed', amount: 5000, invoices: 1 },
        { reason: 'past_due', amount: 7000, invoices: 1 },
      ],
      eligible_amount: 100_000,
      eligible_invoices: 2,
      advanced_formula: 'eligible_amount × (1 − factoring_reserve)',
      advanced: 90_000,
      reserve_held: 10_000,
      mean_remaining_days: 45,
      // 90 000 advanced × 45 days
      advanced_amount_days: 4_050_000,
      cost_formula: 'factoring_commission × eligible_amount + factoring_rate × Σ advanced × expected remaining days / 365',
      commission: 500,
      financing: 443.84,
      cost: 943.84,
      effective_annual_rate: 0.085062,
      cost_of_funds_same_cash: 554.79,
      extra_cost_vs_funds: 389.04,
      annualised_cost: 7655.56,
      late_payment_cost_12m: r.late_payment.cost_12m,
    });
  });

  it('takes each exclusion as asked', async () => {
    const disputedToo = await levers('2025-06-30', '111222333', { ...inputs, factoring_exclude_disputed: false });
    expect([disputedToo.factoring.eligible_amount, disputedToo.factoring.excluded[1].amount]).toEqual([105_000, 0]);
    // F13 at 120 days past due within 150: eligible; no payment is expected of it in cash (nobody paid
    // that late), so it is counted to the end of the delays' year: 365 − 120 = 245 days
    const older = await levers('2025-06-30', '111222333', { ...inputs, factoring_past_due_days: 150 });
    expect([older.factoring.eligible_amount, older.factoring.mean_remaining_days]).toEqual([107_000, 58.08]);
  });

  it('counts on the due dates when the ledger has no payment history, and says so', async () => {
    // D1's invoices: 45 and 14 days past due (expected the next day), one due in 14 days
    const r = await levers('2025-03-31', '987654321');
    expect(r.factoring).toMatchObject({ remaining_days_method: 'due_date', eligible_amount: 30_000, mean_remaining_days: 5.33 });
  });
});

describe('GET /api/levers', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 1024 * 1024, settings });
  });
  afterAll(() => app.close());
  const refusal = async (url: string, lang = 'en') => {
    const res = await app.inject({ url, headers: { 'accept-language': lang } });
    return { status: res.statusCode, error: (res.json() as { error: string }).error };
  };

  it('takes its inputs as query parameters, the settings’ for the others', async () => {
    const res = await app.inject('/api/levers?as_of=2025-12-31&entity=444555666&discount_rate=0.01&discount_days=10&cost_of_funds=0.1&factoring_exclude_past_due=false');
    expect(res.statusCode).toBe(200);
    const r = res.json() as LeversReport;
    expect(r.inputs).toEqual({ ...DEFAULT_SETTINGS.levers, discount_rate: 0.01, discount_days: 10, cost_of_funds: 0.1, factoring_exclude_past_due: false });
    expect(r.escompte.ranking.map((o) => o.client_id)).toEqual(['P', 'R']);
  });

  it('refuses bad inputs with a sentence in English or French', async () => {
    expect(await refusal('/api/levers?discount_rate=1')).toEqual({ status: 400, error: 'The parameter discount_rate (1) must be a number from 0 to less than 1, such as 0.02.' });
    expect(await refusal('/api/levers?discount_rate=1', 'fr')).toEqual({ status: 400, error: 'Le paramètre discount_rate (1) doit être un nombre de 0 à moins de 1, comme 0.02.' });
    expect(await refusal('/api/levers?cost_of_funds=-0.01')).toEqual({ status: 400, error: 'The parameter cost_of_funds (-0.01) must be a number from 0 to 1, such as 0.05.' });
    expect(await refusal('/api/levers?factoring_rate=-1')).toEqual({ status: 400, error: 'The parameter factoring_rate (-1) must be a number from 0 to 1, such as 0.04.' });
    expect(await refusal('/api/levers?factoring_reserve=abc')).toEqual({ status: 400, error: 'The parameter factoring_reserve (abc) must be a number from 0 to less than 1, such as 0.1.' });
    expect(await refusal('/api/levers?discount_days=-1')).toEqual({ status: 400, error: 'The parameter discount_days (-1) must be a whole number from 0 to 365.' });
    expect(await refusal('/api/levers?factoring_exclude_disputed=maybe')).toEqual({ status: 400, error: 'The parameter factoring_exclude_disputed (maybe) must be true or false.' });
    expect(await refusal('/api/levers?discount_days=30&net_days=30')).toEqual({ status: 400, error: 'discount_days (30) must be fewer than net_days (30): the discount is for paying sooner than the terms.' });
    expect(await refusal('/api/levers?discount_days=45&net_days=30', 'fr')).toEqual({ status: 400, error: 'discount_days (45) doit être inférieur à net_days (30) : l’escompte rémunère un paiement plus tôt que l’échéance.' });
  });

  it('refuses an entity or a date outside the data as the other reports do', async () => {
    expect(await refusal('/api/levers?entity=NOPE')).toEqual({ status: 400, error: 'Unknown entity NOPE: the entities with data are 111222333, 123456789, 444555666, 987654321.' });
    expect(await refusal('/api/levers?as_of=2030-01-01')).toEqual({
      status: 400,
      error: 'The data ends on 2026-03-01: there are no figures on 2030-01-01 yet. Pick a date up to 2026-03-01; what comes after is projected on the Forecast page.',
    });
    expect(await refusal('/api/levers?as_of=2025-04-01&entity=987654321')).toMatchObject({ status: 400, error: expect.stringMatching(/^The data of entity 987654321 ends on 2025-03-31/) });
    expect(await refusal('/api/levers?as_of=2024-12-31')).toMatchObject({ status: 400, error: expect.stringMatching(/^No data yet on 2024-12-31/) });
    expect(await refusal('/api/levers?as_of=2025-13-01')).toMatchObject({ status: 400 });
  });
});

describe('npx encours report levers', () => {
  it('prints one CSV line per client and the totals, or the whole answer as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'encours-levers-cli-'));
    try {
      const encours = (...args: string[]) => runEncours(join(dir, 'cli.duckdb'), ...args);
      expect((await encours('import', writeFec(dir, '444555666FEC20251231.txt', escompte2025()))).code).toBe(0);
      const csv = await encours('report', 'levers', '--as-of', '2025-12-31');
      expect(csv.code).toBe(0);
      // the settings' inputs: funds at 5 %, 2 % at 10 days (37.24 % a year): P's lateness costs
      // 1 460 000 × 40 × 5 % / 365 = 8 000 and the discount would lose it 12 000 − 29 200
      expect(csv.stdout.split('\r\n')).toEqual([
        'as_of_date,entity_id,client_id,client_name,sales_12m,late_amount_days_12m,late_payment_cost_12m,overdue_amount,late_payment_cost_per_day,days_to_pay_12m,net_days,escompte_annual_cost,escompte_net_gain,escompte_rank',
        '2025-12-31,444555666,P,Client P,1460000,58400000,8000,0,0,70,30,0.372449,-17200,',
        '2025-12-31,444555666,R,Client R,1095000,21900000,3000,0,0,50,30,0.372449,-15900,',
        '2025-12-31,444555666,Q,Client Q,1095000,0,0,0,0,30,30,0.372449,-18900,',
        '2025-12-31,*,*,,3650000,80300000,11000,0,0,,30,0.372449,0,',
        '',
      ]);
      const json = JSON.parse((await encours('report', 'levers', '--as-of', '2025-12-31', '--format', 'json')).stdout) as LeversReport;
      expect(json.cash_freed.by_dso_reduction).toBe(100_000);
      const bad = await encours('report', 'levers', '--entity', 'NOPE');
      expect([bad.code, bad.stderr]).toEqual([2, 'Unknown entity NOPE: the entities with data are 444555666.\n']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the levers’ settings', () => {
  it('default the inputs: a settings file gives some, the others keep their defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'encours-levers-settings-'));
    try {
      const path = join(dir, 'settings.json');
      writeFileSync(path, JSON.stringify({ levers: { cost_of_funds: 0.035, net_days: 45 } }));
      expect(readSettings(path).levers).toEqual({ ...DEFAULT_SETTINGS.levers, cost_of_funds: 0.035, net_days: 45 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses values no request could give, naming the key', () => {
    const bad = (levers: Partial<LeversInputs>) => () => checkSettings({ ...DEFAULT_SETTINGS, levers: { ...DEFAULT_SETTINGS.levers, ...levers } });
    expect(bad({ discount_rate: 1 })).toThrow('settings: levers.discount_rate must be a rate from 0 to less than 1, as a fraction (0.05 for 5 %).');
    expect(bad({ cost_of_funds: -0.01 })).toThrow('settings: levers.cost_of_funds must be a rate from 0 to 1, as a fraction (0.05 for 5 %).');
    expect(bad({ discount_days: 30, net_days: 30 })).toThrow('settings: levers.discount_days (30) must be fewer than levers.net_days (30).');
    expect(bad({ net_days: 0 })).toThrow('settings: levers.net_days must be a whole number of days from 1 to 365, or null.');
    expect(bad({ factoring_exclude_doubtful: 'yes' as unknown as boolean })).toThrow('settings: levers.factoring_exclude_doubtful must be true or false.');
    expect(bad({ net_days: 60 })).not.toThrow();
  });
});
