// Write-offs and the movement of doubtful receivables (416) and their provisions (491) since the
// previous closing, on hand-worked ledgers (VAT 20 %), loaded once into one database:
// - entity A (123456789) with its fiscal years 2024 and 2025 (the 2025 file opens with
//   à-nouveaux that repeat 2024), and entity B (987654321) whose fiscal year closes on 30/06/2025;
// - entity A2025: A's 2025 file alone, under a name without its closing date: its à-nouveaux are
//   the only record of the opening balances, and its year starts at its first entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers.ts';
import { bankCharges, sale, writeFec, type L } from './ledger.ts';
import { importFile } from '../../src/server/import/importer.ts';
import { rebuildModels } from '../../src/server/models/runner.ts';
import { DEFAULT_SETTINGS } from '../../src/server/models/settings.ts';
import { provisionMovementReport, provisionWriteOffsReport } from '../../src/server/reports/provisions.ts';
import { agingReport } from '../../src/server/reports/aging.ts';
import type { DoubtfulMovement, ProvisionMovement } from '../../src/lib/contract/index.ts';

const A = '123456789';
const B = '987654321';
const ALONE = 'A2025';

/** A transfer to 416 of the client's invoices [piece, piece date, amount]. */
const transfer = (entry: string, date: string, client: string, invoices: [string, string, number][]): L[] =>
  invoices.flatMap(([piece, pieceDate, amount]): L[] => [
    ['OD', entry, date, '416000', client, piece, pieceDate, amount, 0],
    ['OD', entry, date, '411000', client, piece, pieceDate, 0, amount],
  ]);
/** A write-off: 654 debit (excl. VAT), 44571 debit (the VAT recovered), credits [account, client, piece, TTC]. */
const writeOff = (entry: string, date: string, ht: number, vat: number, credits: [string, string, string, number][]): L[] => [
  ['OD', entry, date, '654000', '', 'PERTE', date, ht, 0],
  ['OD', entry, date, '445710', '', 'PERTE', date, vat, 0],
  ...credits.map(([account, client, piece, ttc]): L => ['OD', entry, date, account, client, piece, date, 0, ttc]),
];
/** A provision on 491 for a client: an allowance (6817 / 491), or a reversal (491 / 7817) when negative. */
const provision = (entry: string, date: string, client: string, amount: number): L[] =>
  amount > 0
    ? [['OD', entry, date, '681740', '', 'DEP', date, amount, 0], ['OD', entry, date, '491000', client, 'DEP', date, 0, amount]]
    : [['OD', entry, date, '491000', client, 'DEP', date, -amount, 0], ['OD', entry, date, '781740', '', 'DEP', date, 0, -amount]];

/**
 * A, 2024. C1: F1 1 200 TTC (1 000 + 200 VAT) on 10/02 and F2 2 400 TTC (2 000 + 400) on 15/03,
 * both moved to 416 on 30/09; 1 500 provided for C1 on 31/12 (6817 / 491).
 * C3: F4 360 TTC on 01/04, written off straight from 411 on 30/11: 654 300, 44571 60.
 */
const a2024: L[] = [
  ...sale('1', '2024-02-10', 'C1', 'F1', 1200),
  ...sale('2', '2024-03-15', 'C1', 'F2', 2400),
  ...sale('3', '2024-04-01', 'C3', 'F4', 360),
  ...transfer('T1', '2024-09-30', 'C1', [['F1', '2024-02-10', 1200], ['F2', '2024-03-15', 2400]]),
  ...writeOff('W1', '2024-11-30', 300, 60, [['411000', 'C3', 'PERTE-C3', 360]]),
  ...provision('P1', '2024-12-31', 'C1', 1500),
];

/**
 * A, 2025. À-nouveaux on 01/01: 416 F1 1 200 and F2 2 400 (C1), 491 1 500 (C1).
 * C1: 1 200 received on 416 on 20/02 (FIFO: F1); the 2 400 left written off on 30/06 (654 2 000,
 *     44571 400: it closes F2) and its 1 500 provision reversed the same day (491 / 7817).
 * C2: F3 600 TTC on 15/01, moved to 416 on 31/05; 250 provided on 30/06; a credit note of 120 TTC
 *     booked on 416 on 15/07: 480 doubtful left.
 * C4 and C5: F5 100 and F6 200 TTC on 01/03, written off from 411 in one entry on 30/09 (654 250,
 *     44571 50), shared in proportion: C4 250 × 100/300 = 83,33 and 50 × 1/3 = 16,67; C5 the rest,
 *     166,67 and 33,33.
 */
const a2025: L[] = [
  ['AN', 'AN1', '2025-01-01', '416000', 'C1', 'F1', '2024-02-10', 1200, 0],
  ['AN', 'AN1', '2025-01-01', '416000', 'C1', 'F2', '2024-03-15', 2400, 0],
  ['AN', 'AN1', '2025-01-01', '491000', 'C1', 'DEP', '2024-12-31', 0, 1500],
  ['AN', 'AN1', '2025-01-01', '890000', '', 'AN', '2025-01-01', 0, 2100],
  ...sale('1', '2025-01-15', 'C2', 'F3', 600),
  ...sale('2', '2025-03-01', 'C4', 'F5', 100),
  ...sale('3', '2025-03-01', 'C5', 'F6', 200),
  ['BQ', 'V1', '2025-02-20', '512000', '', 'V1', '2025-02-20', 1200, 0],
  ['BQ', 'V1', '2025-02-20', '416000', 'C1', 'V1', '2025-02-20', 0, 1200],
  ...transfer('T2', '2025-05-31', 'C2', [['F3', '2025-01-15', 600]]),
  ...writeOff('W2', '2025-06-30', 2000, 400, [['416000', 'C1', 'PERTE-C1', 2400]]),
  ...provision('P2', '2025-06-30', 'C1', -1500),
  ...provision('P3', '2025-06-30', 'C2', 250),
  ['VE', '4', '2025-07-15', '416000', 'C2', 'AV1', '2025-07-15', 0, 120],
  ['VE', '4', '2025-07-15', '706000', '', 'AV1', '2025-07-15', 100, 0],
  ['VE', '4', '2025-07-15', '445710', '', 'AV1', '2025-07-15', 20, 0],
  ...writeOff('W3', '2025-09-30', 250, 50, [['411000', 'C4', 'PERTE-C4', 100], ['411000', 'C5', 'PERTE-C5', 200]]),
  ...bankCharges('2025-12-31'),
];

/** B, fiscal year 01/07/2024-30/06/2025. D1: G1 36 000 TTC on 01/08, moved to 416 on 31/12, written off on 31/05 (654 30 000, 44571 6 000). */
const b2025: L[] = [
  ...sale('1', '2024-08-01', 'D1', 'G1', 36000),
  ...transfer('T1', '2024-12-31', 'D1', [['G1', '2024-08-01', 36000]]),
  ...writeOff('W1', '2025-05-31', 30000, 6000, [['416000', 'D1', 'PERTE-D1', 36000]]),
  ...bankCharges('2025-06-30'),
];

let t: TestDb;

async function load(t: TestDb, files: { name: string; lines: L[]; entity?: string }[]): Promise<void> {
  for (const f of files) {
    const outcome = await importFile(t.db, writeFec(t.dir, f.name, f.lines), { source: 'cli', entity: f.entity });
    if (outcome.status !== 'active') throw new Error(outcome.error?.report ?? outcome.status);
  }
  await t.db.transaction((s) => rebuildModels(s, DEFAULT_SETTINGS));
}

beforeAll(async () => {
  t = await openTestDb();
  await load(t, [
    { name: `${A}FEC20241231.txt`, lines: a2024 },
    { name: `${A}FEC20251231.txt`, lines: a2025 },
    { name: `${B}FEC20250630.txt`, lines: b2025 },
    // (a bank charge more: a byte-identical file would be the same import)
    { name: 'grand-livre-2025.txt', lines: [...a2025, ...bankCharges('2025-12-30')], entity: ALONE },
  ]);
});
afterAll(() => t?.cleanup());

const writeOffs = (asOf: string, entity: string | null = null) => provisionWriteOffsReport(t.db, { asOf, entity });
const movement = (asOf: string, entity: string | null = null) => provisionMovementReport(t.db, { asOf, entity });
const doubtfulReconciles = (d: DoubtfulMovement) => Math.round((d.opening + d.transfers_in - d.receipts - d.credit_notes - d.write_offs + d.other) * 100) / 100 === d.closing;
const provisionReconciles = (p: ProvisionMovement) => Math.round((p.opening + p.allowances - p.reversals) * 100) / 100 === p.closing;

describe('the write-offs', () => {
  it('list each write-off with the invoices it closed, its 654 and VAT recovered and the provision reversed, by fiscal year and client', async () => {
    const r = await writeOffs('2025-12-31', A);
    expect(r.write_offs.map((w) => [w.client_id, w.entry_date, w.fiscal_year_end, w.account_num, w.from_doubtful, w.invoices, w.amount, w.bad_debt, w.vat_recovered, w.provision_reversed])).toEqual([
      // C3, FY 2024: written off straight from 411, closing F4; nothing was provided for it
      ['C3', '2024-11-30', '2024-12-31', '411000', false, ['F4'], 360, 300, 60, 0],
      // C1, FY 2025: the 2 400 left on 416 after the receipt took F1: it closes F2; 1 500 reversed that year
      ['C1', '2025-06-30', '2025-12-31', '416000', true, ['F2'], 2400, 2000, 400, 1500],
      // C4 and C5, one entry of 654 250 and VAT 50 shared 1/3 - 2/3 to the cent
      ['C4', '2025-09-30', '2025-12-31', '411000', false, ['F5'], 100, 83.33, 16.67, 0],
      ['C5', '2025-09-30', '2025-12-31', '411000', false, ['F6'], 200, 166.67, 33.33, 0],
    ]);
    expect(r.write_offs.every((w) => w.fiscal_year_basis === 'fiscal_year' && w.entity_id === A)).toBe(true);
    expect(r.write_offs[1]).toMatchObject({ client_name: 'Client C1', fiscal_year_start: '2025-01-01', piece_ref: 'PERTE-C1', matched_by: 'fifo' });
    // by fiscal year: 2024 one write-off of 360 = 300 + 60; 2025 three, 2 700 = 2 250 + 450, 1 500 reversed
    expect(r.years.map((y) => [y.fiscal_year_start, y.fiscal_year_end, y.client_id, y.write_offs, y.clients, y.amount, y.bad_debt, y.vat_recovered, y.provision_reversed])).toEqual([
      ['2024-01-01', '2024-12-31', null, 1, 1, 360, 300, 60, 0],
      ['2025-01-01', '2025-12-31', null, 3, 3, 2700, 2250, 450, 1500],
    ]);
    expect(r.clients.map((c) => [c.fiscal_year_end, c.client_id, c.client_name, c.write_offs, c.amount, c.bad_debt, c.vat_recovered, c.provision_reversed])).toEqual([
      ['2024-12-31', 'C3', 'Client C3', 1, 360, 300, 60, 0],
      ['2025-12-31', 'C1', 'Client C1', 1, 2400, 2000, 400, 1500],
      ['2025-12-31', 'C4', 'Client C4', 1, 100, 83.33, 16.67, 0],
      ['2025-12-31', 'C5', 'Client C5', 1, 200, 166.67, 33.33, 0],
    ]);
    // each write-off is its 654 plus its VAT; the totals are the years'
    for (const w of r.write_offs) expect(Math.round((w.bad_debt + w.vat_recovered) * 100) / 100).toBe(w.amount);
    expect(r.totals).toEqual({ write_offs: 4, amount: 3060, bad_debt: 2550, vat_recovered: 510, provision_reversed: 1500 });
  });

  it('stop at the as-of date, follow the entity and the fiscal year of each', async () => {
    // A at 30/06/2025: C3 and C1 (its provision reversed that very day); C4 and C5 come later
    const june = await writeOffs('2025-06-30', A);
    expect(june.write_offs.map((w) => [w.client_id, w.amount, w.provision_reversed])).toEqual([['C3', 360, 0], ['C1', 2400, 1500]]);
    expect(june.totals).toEqual({ write_offs: 2, amount: 2760, bad_debt: 2300, vat_recovered: 460, provision_reversed: 1500 });
    // B: its fiscal year runs from 01/07/2024 (a closing on 30/06 named by the file)
    const b = await writeOffs('2025-06-30', B);
    expect(b.write_offs.map((w) => [w.client_id, w.fiscal_year_start, w.fiscal_year_end, w.invoices, w.amount, w.bad_debt, w.vat_recovered])).toEqual([['D1', '2024-07-01', '2025-06-30', ['G1'], 36000, 30000, 6000]]);
    // A's 2025 file alone: the same 2025 write-offs, F2 closed from its à-nouveau line, C1's reversal found
    const alone = await writeOffs('2025-12-31', ALONE);
    expect(alone.write_offs.map((w) => [w.client_id, w.fiscal_year_start, w.invoices, w.amount, w.bad_debt, w.vat_recovered, w.provision_reversed])).toEqual([
      ['C1', '2025-01-01', ['F2'], 2400, 2000, 400, 1500],
      ['C4', '2025-01-01', ['F5'], 100, 83.33, 16.67, 0],
      ['C5', '2025-01-01', ['F6'], 200, 166.67, 33.33, 0],
    ]);
    // consolidated: A (4), B (1) and A2025 (3), each in its own fiscal years
    const all = await writeOffs('2025-12-31');
    expect(all.write_offs.map((w) => w.entity_id)).toEqual([A, A, A, A, B, ALONE, ALONE, ALONE]);
    expect(all.years.map((y) => [y.entity_id, y.fiscal_year_end, y.amount])).toEqual([[A, '2024-12-31', 360], [A, '2025-12-31', 2700], [B, '2025-06-30', 36000], [ALONE, '2025-12-31', 2700]]);
    // 3 060 + 36 000 + 2 700; 2 550 + 30 000 + 2 250; 510 + 6 000 + 450
    expect(all.totals).toEqual({ write_offs: 8, amount: 41760, bad_debt: 34800, vat_recovered: 6960, provision_reversed: 3000 });
  });
});

/** A's movement at 31/12/2025, since 31/12/2024 (see the test). */
const A_2025 = {
  previous_closing: '2024-12-31',
  closing_basis: 'fiscal_year',
  doubtful: { opening: 3600, transfers_in: 600, receipts: 1200, credit_notes: 120, write_offs: 2400, other: 0, closing: 480, difference: 0 },
  provision: { opening: 1500, allowances: 250, reversals: 1500, closing: 250, difference: 0 },
};

describe('the movement since the previous closing', () => {
  it('of doubtful receivables and provisions reconciles opening, movements and closing to the cent', async () => {
    // A at 31/12/2025, since 31/12/2024:
    // 416: opening 3 600 (F1 + F2 of C1) + transfers in 600 (C2) − receipts 1 200 − credit notes 120
    //      − write-offs 2 400 (C1; C4/C5 were written off from 411) + other 0 = 480 (C2: 600 − 120)
    // 491: opening 1 500 (C1) + allowances 250 (C2) − reversals 1 500 (C1) = 250
    const r = await movement('2025-12-31', A);
    expect(r.entities).toEqual([{ entity_id: A, ...A_2025 }]);
    expect(r.totals).toEqual({ doubtful: A_2025.doubtful, provision: A_2025.provision });
    // the closing is the aged balance's doubtful column; the write-offs from 416 those of the history
    expect((await agingReport(t.db, { asOf: '2025-12-31', entity: A, basis: 'due', edges: [30, 60, 90] })).totals.doubtful).toBe(480);
    const fy2025 = (await writeOffs('2025-12-31', A)).write_offs.filter((w) => w.from_doubtful && w.fiscal_year_end === '2025-12-31');
    expect(fy2025.reduce((s, w) => s + w.amount, 0)).toBe(r.entities[0].doubtful.write_offs);

    // A at 30/06/2025, the same year: 3 600 + 600 − 1 200 − 2 400 = 600; 491: 1 500 + 250 − 1 500 = 250
    const june = await movement('2025-06-30', A);
    expect(june.entities[0]).toMatchObject({ previous_closing: '2024-12-31', doubtful: { opening: 3600, transfers_in: 600, receipts: 1200, credit_notes: 0, write_offs: 2400, other: 0, closing: 600, difference: 0 }, provision: { opening: 1500, allowances: 250, reversals: 1500, closing: 250 } });

    // A at 31/12/2024, the first year loaded: since 31/12/2023, 0 + 3 600 in = 3 600; 491: 0 + 1 500 = 1 500
    const dec2024 = await movement('2024-12-31', A);
    expect(dec2024.entities[0]).toMatchObject({ previous_closing: '2023-12-31', closing_basis: 'fiscal_year', doubtful: { opening: 0, transfers_in: 3600, write_offs: 0, closing: 3600, difference: 0 }, provision: { opening: 0, allowances: 1500, reversals: 0, closing: 1500 } });

    for (const m of [r, june, dec2024]) for (const e of m.entities) {
      expect(doubtfulReconciles(e.doubtful), JSON.stringify(e)).toBe(true);
      expect(provisionReconciles(e.provision), JSON.stringify(e)).toBe(true);
    }
  });

  it('opens on the à-nouveaux when the previous year is not loaded, the year starting at its first entry', async () => {
    // A's 2025 file alone, named without its closing date: its first entry (01/01/2025) starts the
    // year; its à-nouveaux give the opening the 2024 lines gave
    expect((await movement('2025-12-31', ALONE)).entities).toEqual([{ entity_id: ALONE, ...A_2025 }]);
  });

  it('takes each entity from its own previous closing, and sums them consolidated', async () => {
    // B at 30/06/2025 (its closing): since 30/06/2024, 0 + 36 000 in − 36 000 written off = 0
    expect((await movement('2025-06-30', B)).entities).toEqual([
      {
        entity_id: B,
        previous_closing: '2024-06-30',
        closing_basis: 'fiscal_year',
        doubtful: { opening: 0, transfers_in: 36000, receipts: 0, credit_notes: 0, write_offs: 36000, other: 0, closing: 0, difference: 0 },
        provision: { opening: 0, allowances: 0, reversals: 0, closing: 0, difference: 0 },
      },
    ]);
    // consolidated at 31/12/2025: B has no year loaded after 30/06/2025, its closing is carried a
    // year (since 30/06/2025 nothing moved); the totals are A's and A2025's, twice A's
    const all = await movement('2025-12-31');
    expect(all.entities.map((e) => [e.entity_id, e.previous_closing, e.closing_basis, e.doubtful.opening, e.doubtful.closing])).toEqual([
      [A, '2024-12-31', 'fiscal_year', 3600, 480],
      [B, '2025-06-30', 'anniversary', 0, 0],
      [ALONE, '2024-12-31', 'fiscal_year', 3600, 480],
    ]);
    expect(all.totals).toEqual({
      doubtful: { opening: 7200, transfers_in: 1200, receipts: 2400, credit_notes: 240, write_offs: 4800, other: 0, closing: 960, difference: 0 },
      provision: { opening: 3000, allowances: 500, reversals: 3000, closing: 500, difference: 0 },
    });
  });

  it('finds the previous closing from the fiscal years loaded, else a known closing carried by whole years, else 12 months before', async () => {
    const at = async (entity: string, day: string) =>
      t.db.one<{ previous_closing: string; closing: string; basis: string }>(
        `SELECT strftime(f.previous_closing, '%Y-%m-%d') AS previous_closing, strftime(f.closing, '%Y-%m-%d') AS closing, f.basis FROM (SELECT fiscal_year_at($entity, $day::DATE) AS f)`,
        { entity, day },
      );
    expect(await at(A, '2025-06-30')).toEqual({ previous_closing: '2024-12-31', closing: '2025-12-31', basis: 'fiscal_year' });
    expect(await at(A, '2025-01-01')).toEqual({ previous_closing: '2024-12-31', closing: '2025-12-31', basis: 'fiscal_year' });
    // the closing day itself ends its year
    expect(await at(A, '2024-12-31')).toEqual({ previous_closing: '2023-12-31', closing: '2024-12-31', basis: 'fiscal_year' });
    // after the last year loaded, and before the first: 12-month years from the nearest closing
    expect(await at(A, '2027-03-31')).toEqual({ previous_closing: '2026-12-31', closing: '2027-12-31', basis: 'anniversary' });
    expect(await at(A, '2023-12-31')).toEqual({ previous_closing: '2022-12-31', closing: '2023-12-31', basis: 'anniversary' });
    // B closes on 30/06: its year 2024-2025 starts on 01/07/2024 (a named closing, 12 months)
    expect(await at(B, '2024-07-01')).toEqual({ previous_closing: '2024-06-30', closing: '2025-06-30', basis: 'fiscal_year' });
    expect(await at(B, '2025-12-31')).toEqual({ previous_closing: '2025-06-30', closing: '2026-06-30', basis: 'anniversary' });
    // no FEC for the entity (an invoice list): the 12 months before, a month's end kept
    expect(await at('LISTE', '2025-02-28')).toEqual({ previous_closing: '2024-02-29', closing: '2025-02-28', basis: 'twelve_months' });
  });
});

describe('a transfer to 416 and its write-off in one entry', () => {
  it('is a transfer (the client-account credit) and one write-off (the 416 credit), not two write-offs', async () => {
    // X: F9 1 200 TTC (1 000 + 200) on 10/02/2024. One entry on 30/09: debit 416 1 200 / credit 411
    // 1 200 (the transfer), debit 654 1 000 and 44571 200 / credit 416 1 200 (the write-off).
    // Written off: 1 200 once, from 416, closing F9; 416 moved in 1 200 and out 1 200; nothing open.
    const own = await openTestDb();
    try {
      const lines: L[] = [
        ...sale('1', '2024-02-10', 'X', 'F9', 1200),
        ['OD', 'W2', '2024-09-30', '416000', 'X', 'F9', '2024-02-10', 1200, 0],
        ['OD', 'W2', '2024-09-30', '411000', 'X', 'F9', '2024-02-10', 0, 1200],
        ...writeOff('W2', '2024-09-30', 1000, 200, [['416000', 'X', 'F9', 1200]]),
        ...bankCharges('2024-12-31'),
      ];
      const outcome = await importFile(own.db, writeFec(own.dir, '123456789FEC20241231.txt', lines), { source: 'cli' });
      expect(outcome.status).toBe('active');
      await own.db.transaction((s) => rebuildModels(s, DEFAULT_SETTINGS));
      const w = await provisionWriteOffsReport(own.db, { asOf: '2024-12-31', entity: null });
      expect(w.write_offs.map((x) => [x.client_id, x.account_num, x.from_doubtful, x.invoices, x.amount, x.bad_debt, x.vat_recovered])).toEqual([['X', '416000', true, ['F9'], 1200, 1000, 200]]);
      expect(w.totals.amount).toBe(1200);
      const m = await provisionMovementReport(own.db, { asOf: '2024-12-31', entity: null });
      expect(m.totals.doubtful).toMatchObject({ opening: 0, transfers_in: 1200, write_offs: 1200, closing: 0 });
      const aged = await agingReport(own.db, { asOf: '2024-12-31', entity: null, basis: 'due', edges: [30, 60, 90] });
      expect([aged.totals.total, aged.totals.doubtful, aged.reconciliation.difference]).toEqual([0, 0, 0]);
    } finally {
      own.cleanup();
    }
  });
});
