// Provisions on doubtful receivables, on hand-worked ledgers (30 days net, VAT 20 %): the base is
// the open amount excluding VAT of the invoice's sale, the rate that of its days past due (the
// default rules: over 90 days 25 %, over 180 50 %, over 270 75 %, over 360 100 %), and each
// client's provision booked on 491 (by its auxiliary account) gives the allowance or reversal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers.ts';
import { bankCharges, load, receipt, sale, type L } from './ledger.ts';
import { provisionsFec, provisionsReport } from '../../src/server/reports/provisions.ts';
import { importFile } from '../../src/server/import/importer.ts';
import type { ProvisionsReport } from '../../src/lib/contract/index.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/server/models/settings.ts';
import { provisionJudgements, recordProvisionJudgement } from '../../src/server/provisions/judgements.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.cleanup());

const FY2024 = '123456789FEC20241231.txt';
const report = (asOf: string, settings = DEFAULT_SETTINGS) => provisionsReport(t.db, { asOf, entity: null, settings });

/** A transfer to 416 of `amount` of the client's invoice `piece`. */
const transfer = (entry: string, date: string, client: string, piece: string, pieceDate: string, amount: number): L[] => [
  ['OD', entry, date, '416000', client, piece, pieceDate, amount, 0],
  ['OD', entry, date, '411000', client, piece, pieceDate, 0, amount],
];
/** A provision booked on 491 (for a client, or on the account alone): an allowance, or a reversal when negative. */
const provision = (entry: string, date: string, client: string, amount: number): L[] =>
  amount > 0
    ? [['OD', entry, date, '681740', '', 'DEP', date, amount, 0], ['OD', entry, date, '491000', client, 'DEP', date, 0, amount]]
    : [['OD', entry, date, '491000', client, 'DEP', date, -amount, 0], ['OD', entry, date, '781740', '', 'DEP', date, 0, -amount]];

/**
 * C1: F1 1 200 TTC (1 000 + 200 VAT) on 10/01, due 09/02; 600 received on 01/03 (FIFO: F1); the 600
 * left moved to 416 on 30/06. C2: F2 2 400 TTC on 02/05, due 01/06; moved to 416 on 30/09. Booked
 * on 491 at 31/12: 300 for C1, 1 500 for C2.
 */
const twoDoubtfulClients = (): L[] => [
  ...sale('1', '2024-01-10', 'C1', 'F1', 1200),
  ...receipt('1', '2024-03-01', 'C1', 'V1', 600),
  ...sale('2', '2024-05-02', 'C2', 'F2', 2400),
  ...transfer('1', '2024-06-30', 'C1', 'F1', '2024-01-10', 600),
  ...transfer('2', '2024-09-30', 'C2', 'F2', '2024-05-02', 2400),
  ...provision('4', '2024-12-31', 'C1', 300),
  ...provision('5', '2024-12-31', 'C2', 1500),
];

describe('the provision proposed on doubtful receivables', () => {
  it('is based on the open amount excluding VAT at the rate of its days past due, set against what is booked per client', async () => {
    // C1: F1 1 200 TTC (1 000 + 200 VAT) on 10/01, due 09/02; 600 received on 01/03 (FIFO: F1);
    //     the 600 left moved to 416 on 30/06. Base: 600 × 1 000/1 200 = 500.
    //     At 31/12: 326 days past due → 75 % → 375; booked 300 → allowance 75.
    // C2: F2 2 400 TTC on 02/05, due 01/06; moved to 416 on 30/09. Base 2 000.
    //     At 31/12: 213 days → 50 % → 1 000; booked 1 500 → reversal 500.
    // C3: F3 120 paid; 200 still booked for it → reversal 200 (no doubtful invoice left).
    // 100 booked on 491 without a client: in the total booked, and the entity's entry is its net.
    // Totals: required 1 375; booked 2 100; net −725: no allowance, a reversal of 725 (per client:
    // allowances 75, reversals 700, the 100 without a client apart).
    await load(t, [
      {
        name: FY2024,
        lines: [
          ...twoDoubtfulClients(),
          ...sale('3', '2024-02-01', 'C3', 'F3', 120, 'A'),
          ...receipt('2', '2024-02-20', 'C3', 'V3', 120, 'A'),
          ...provision('3', '2024-06-30', 'C3', 200),
          ...provision('6', '2024-12-31', '', 100),
          ...bankCharges('2024-12-31'),
        ],
      },
    ]);
    const dec = await report('2024-12-31');
    expect(dec.invoices.map((i) => [i.client_id, i.piece_ref, i.due_date, i.days_past_due, i.open_amount, i.vat_from_ledger, i.base, i.rate, i.provision])).toEqual([
      ['C1', 'F1', '2024-02-09', 326, 600, true, 500, 0.75, 375],
      ['C2', 'F2', '2024-06-01', 213, 2400, true, 2000, 0.5, 1000],
    ]);
    expect(dec.clients.map((c) => [c.client_id, c.invoices, c.base, c.required, c.booked, c.allowance, c.reversal])).toEqual([
      ['C2', 1, 2000, 1000, 1500, 0, 500],
      ['C1', 1, 500, 375, 300, 75, 0],
      ['C3', 0, 0, 0, 200, 0, 200],
    ]);
    expect(dec.unassigned).toEqual([{ entity_id: '123456789', account_num: '491000', booked: 100 }]);
    expect(dec.totals).toEqual({ open_amount: 3000, base: 2500, required: 1375, booked: 2100, allowance: 0, reversal: 725, net: -725, vat_assumed: 0 });
    // to book: the entity's net alone, a reversal on 491 without a client
    const lines = provisionsFec(dec, DEFAULT_SETTINGS.provisions.accounts).text.split('\r\n').filter(Boolean).slice(1).map((l) => l.split('\t'));
    expect(lines.map((l) => [l[2], l[4], l[6], l[11], l[12]])).toEqual([
      ['DEP0001', '491100', '', '725,00', '0,00'],
      ['DEP0001', '781700', '', '0,00', '725,00'],
    ]);

    // at 29/09, the day before C2's transfer: F1 alone, 233 days past due → 50 % of 500; C3's 200 booked
    const sept = await report('2024-09-29');
    expect(sept.invoices.map((i) => [i.client_id, i.days_past_due, i.provision])).toEqual([['C1', 233, 250]]);
    // on the transfer's day F2 is doubtful: 121 days past due → 25 % of 2 000
    expect((await report('2024-09-30')).invoices.map((i) => [i.client_id, i.days_past_due, i.provision])).toEqual([
      ['C1', 234, 250],
      ['C2', 121, 500],
    ]);
    expect(sept.clients.map((c) => [c.client_id, c.required, c.booked, c.allowance, c.reversal])).toEqual([
      ['C1', 250, 0, 250, 0],
      ['C3', 0, 200, 0, 200],
    ]);
  });

  it('takes the rates of the settings: no provision up to the first threshold, the highest rule passed beyond', async () => {
    // F1 1 200 TTC due 09/02, moved to 416 whole on 30/04; at 09/05 it is exactly 90 days past due
    await load(t, [{ name: FY2024, lines: [...sale('1', '2024-01-10', 'C1', 'F1', 1200), ...transfer('1', '2024-04-30', 'C1', 'F1', '2024-01-10', 1200), ...bankCharges('2024-12-31')] }]);
    expect((await report('2024-05-09')).invoices.map((i) => [i.days_past_due, i.base, i.rate, i.provision])).toEqual([[90, 1000, 0, 0]]);
    expect((await report('2024-05-10')).invoices.map((i) => [i.days_past_due, i.rate, i.provision])).toEqual([[91, 0.25, 250]]);
    const stricter = { ...DEFAULT_SETTINGS, provisions: { ...DEFAULT_SETTINGS.provisions, rules: [{ over_days: 60, rate: 0.4 }, { over_days: 120, rate: 1 }] } };
    expect((await report('2024-05-10', stricter)).invoices.map((i) => [i.rate, i.provision])).toEqual([[0.4, 400]]);
    expect((await report('2024-06-30', stricter)).totals).toMatchObject({ required: 1000, booked: 0, allowance: 1000, net: 1000 });
  });
});

describe('a rate decided for a client (provision judgement)', () => {
  it('overrides the rules for all its doubtful invoices from its closing on, with its reason and author, until withdrawn — through a re-import', async () => {
    // The two doubtful clients above at 31/12 by the rules: C1 500 × 75 % = 375 (booked 300),
    // C2 2 000 × 50 % = 1 000 (booked 1 500).
    const lines = [...twoDoubtfulClients(), ...bankCharges('2024-12-31')];
    await load(t, [{ name: FY2024, lines }]);
    // C2 in liquidation: 100 % from the closing of 31/12 → 2 000 required, 1 500 booked: allowance 500.
    // C1 under a bank guarantee: 0 % → nothing required, the 300 booked reversed.
    const c2 = await recordProvisionJudgement(t.db, { client_id: 'C2', rate: 1, reason: 'Liquidation judiciaire prononcée le 15/12/2024', from_date: '2024-12-31' }, 'marie');
    expect(c2).toMatchObject({ entity_id: '123456789', client_id: 'C2', client_name: 'Client C2', from_date: '2024-12-31', rate: 1, reason: 'Liquidation judiciaire prononcée le 15/12/2024', decided_by: 'marie' });
    await recordProvisionJudgement(t.db, { client_id: 'C1', rate: 0, reason: '  Garantie bancaire à première demande  ', from_date: '2024-12-31' }, 'paul');
    const dec = await report('2024-12-31');
    expect(dec.invoices.map((i) => [i.client_id, i.base, i.rule_rate, i.rate, i.rate_source, i.provision])).toEqual([
      ['C1', 500, 0.75, 0, 'judgement', 0],
      ['C2', 2000, 0.5, 1, 'judgement', 2000],
    ]);
    expect(dec.clients.map((c) => [c.client_id, c.required, c.booked, c.allowance, c.reversal, c.judgement?.rate, c.judgement?.reason, c.judgement?.decided_by])).toEqual([
      ['C2', 2000, 1500, 500, 0, 1, 'Liquidation judiciaire prononcée le 15/12/2024', 'marie'],
      ['C1', 0, 300, 0, 300, 0, 'Garantie bancaire à première demande', 'paul'],
    ]);
    expect(dec.totals).toMatchObject({ required: 2000, booked: 1800, allowance: 500, reversal: 300, net: 200 });
    // at an earlier closing, the rules: C2 at 30/09 is 121 days past due → 25 % of 2 000
    expect((await report('2024-09-30')).invoices.map((i) => [i.client_id, i.rate_source, i.provision])).toEqual([
      ['C1', 'rules', 250],
      ['C2', 'rules', 500],
    ]);

    // a replacing export of the year changes nothing to what people decided
    await load(t, [{ name: FY2024, lines: [...lines, ...bankCharges('2024-12-30')] }]);
    expect((await report('2024-12-31')).totals).toMatchObject({ required: 2000, allowance: 500, reversal: 300 });

    // C2's liquidation turned into a plan: back to the rules (1 000 required, 500 of the 1 500 reversed)
    await recordProvisionJudgement(t.db, { client_id: 'C2', rate: null, reason: 'Plan de continuation homologué', from_date: '2024-12-31' }, 'marie');
    // a rate decided for a later closing does not reach back
    await recordProvisionJudgement(t.db, { client_id: 'C1', rate: 1, reason: 'Garantie appelée sans succès', from_date: '2025-03-31' }, 'paul');
    const after = await report('2024-12-31');
    expect(after.clients.map((c) => [c.client_id, c.required, c.allowance, c.reversal, c.judgement?.rate ?? null])).toEqual([
      ['C2', 1000, 0, 500, null],
      ['C1', 0, 0, 300, 0],
    ]);
    // the history, newest first, each with who decided
    expect((await provisionJudgements(t.db, { entity: null, client: null })).map((j) => [j.client_id, j.from_date, j.rate, j.decided_by])).toEqual([
      ['C1', '2025-03-31', 1, 'paul'],
      ['C2', '2024-12-31', null, 'marie'],
      ['C1', '2024-12-31', 0, 'paul'],
      ['C2', '2024-12-31', 1, 'marie'],
    ]);
    expect((await provisionJudgements(t.db, { entity: null, client: 'C2' })).length).toBe(2);
  });

  it('is refused without a reason, for a client the ledger does not know, or for a closing outside the data', async () => {
    await load(t, [{ name: FY2024, lines: [...twoDoubtfulClients(), ...bankCharges('2024-12-31')] }]);
    await expect(recordProvisionJudgement(t.db, { client_id: 'C2', rate: 1, reason: '  ' }, 'marie')).rejects.toThrow(/reason/);
    await expect(recordProvisionJudgement(t.db, { client_id: 'C9', rate: 1, reason: 'Liquidation' }, 'marie')).rejects.toThrow(/C9/);
    await expect(recordProvisionJudgement(t.db, { client_id: 'C2', rate: 1, reason: 'Liquidation', from_date: '2023-12-31' }, 'marie')).rejects.toThrow(/2023-12-31/);
    await expect(recordProvisionJudgement(t.db, { client_id: 'C2', rate: 1, reason: 'Liquidation', from_date: '2027-12-31' }, 'marie')).rejects.toThrow(/2027-12-31/);
    expect(await provisionJudgements(t.db, { entity: null, client: null })).toEqual([]);
    // without a closing named, the date of the data (the reports' default as-of date: the last receivable item)
    expect((await recordProvisionJudgement(t.db, { client_id: 'C2', rate: 0.8, reason: 'Redressement judiciaire' }, 'marie')).from_date).toBe('2024-09-30');
  });
});

describe('the base of a provision', () => {
  it('reads the VAT of the sale wherever it was booked, assumes the settings’ rate without one, and rounds half a cent up', async () => {
    // C5: F5 1 433,51 TTC (1 194,59 + 238,92 VAT) on 10/01, due 09/02, moved to 416 whole on 30/06.
    //     At 29/09: 233 days → 50 % of 1 194,59 = 597,295 → 597,30. Booked 1 000 → reversal 402,70.
    // C6: F6 1 000 invoiced straight on 416 without VAT (706 only) on 01/03, due 31/03: base 1 000,
    //     182 days → 50 % → 500, an allowance.
    // C7: an opening line on 416 (no previous year loaded): F7 600 of 10/06/2023, due 10/07/2023 —
    //     no sale in the ledger: base 600 / 1,2 = 500 at the settings' 20 %; 447 days → 100 % → 500.
    // C8: F8 14 400 000 TTC (12 000 000 + 2 400 000 VAT) on 02/05, due 01/06, moved to 416 on 31/08:
    //     120 days → 25 % of 12 000 000 = 3 000 000 (an amount whose product with the share
    //     overflowed 64-bit decimals).
    // Totals: required 3 001 597,30, booked 1 000; allowances 3 001 000 − reversals 402,70 = net 3 000 597,30.
    await load(t, [
      {
        name: FY2024,
        lines: [
          ['AN', '1', '2024-01-01', '416000', 'C7', 'F7', '2023-06-10', 600, 0],
          ['AN', '1', '2024-01-01', '890000', '', 'AN', '2024-01-01', 0, 600],
          ...sale('1', '2024-01-10', 'C5', 'F5', 1433.51),
          ['VE', '2', '2024-03-01', '416000', 'C6', 'F6', '2024-03-01', 1000, 0],
          ['VE', '2', '2024-03-01', '706000', '', 'F6', '2024-03-01', 0, 1000],
          ...transfer('1', '2024-06-30', 'C5', 'F5', '2024-01-10', 1433.51),
          ...provision('2', '2024-06-30', 'C5', 1000),
          ...sale('3', '2024-05-02', 'C8', 'F8', 14_400_000),
          ...transfer('3', '2024-08-31', 'C8', 'F8', '2024-05-02', 14_400_000),
          ...bankCharges('2024-12-31'),
        ],
      },
    ]);
    const sept = await report('2024-09-29');
    expect(sept.invoices.map((i) => [i.client_id, i.days_past_due, i.open_amount, i.vat_from_ledger, i.base, i.rate, i.provision])).toEqual([
      ['C5', 233, 1433.51, true, 1194.59, 0.5, 597.3],
      ['C6', 182, 1000, true, 1000, 0.5, 500],
      ['C7', 447, 600, false, 500, 1, 500],
      ['C8', 120, 14_400_000, true, 12_000_000, 0.25, 3_000_000],
    ]);
    expect(sept.clients.map((c) => [c.client_id, c.required, c.booked, c.allowance, c.reversal])).toEqual([
      ['C8', 3_000_000, 0, 3_000_000, 0],
      ['C5', 597.3, 1000, 0, 402.7],
      ['C6', 500, 0, 500, 0],
      ['C7', 500, 0, 500, 0],
    ]);
    expect(sept.totals).toEqual({ open_amount: 14_403_033.51, base: 12_002_694.59, required: 3_001_597.3, booked: 1000, allowance: 3_001_000, reversal: 402.7, net: 3_000_597.3, vat_assumed: 1 });
  });
});

describe('the provision rules of the settings', () => {
  it('are refused unless by increasing days, with rates between 0 and 1 that do not fall, saying how to write them', async () => {
    const { checkSettings, SettingsError } = await import('../../src/server/models/settings.ts');
    const withRules = (rules: { over_days: number; rate: number }[], vat_rate = 0.2, accounts = DEFAULT_SETTINGS.provisions.accounts) => () => checkSettings({ ...DEFAULT_SETTINGS, provisions: { rules, vat_rate, accounts } }, 'settings.json');
    expect(withRules([{ over_days: 90, rate: 0.25 }])).not.toThrow();
    expect(withRules([{ over_days: 90, rate: 1.5 }])).toThrow(/settings\.json: provisions\.rules\[0\] must be a whole number of days \(over_days\) and a rate between 0 and 1/);
    expect(withRules([{ over_days: 180, rate: 0.5 }, { over_days: 90, rate: 0.25 }])).toThrow(/increasing days.*rules\[1\]/);
    expect(withRules([{ over_days: 90, rate: 0.5 }, { over_days: 180, rate: 0.25 }])).toThrow(SettingsError);
    expect(withRules([])).toThrow(/must list the rates by days past due/);
    expect(withRules([{ over_days: 90, rate: 0.25 }], 1.2)).toThrow(/provisions\.vat_rate must be a rate between 0 and 1/);
    expect(withRules([{ over_days: 90, rate: 0.25 }], 0.2, { provision: '491100', allowance: '6811', reversal: '781700' })).toThrow(/provisions\.accounts\.allowance must be an account number starting with 6817, such as "681700"/);
  });
});

describe('the entries to book', () => {
  it('export as a FEC of the entity, one balanced entry per client, that imports back as a balanced file with the same totals', async () => {
    // C1: required 375 against 300 booked → allowance 75 (681700 / 491100 C1); C2: required 1 000
    // against 1 500 → reversal 500 (491100 C2 / 781700)
    await load(t, [
      {
        name: FY2024,
        lines: [...twoDoubtfulClients(), ...bankCharges('2024-12-31')],
      },
    ]);
    const fec = provisionsFec(await report('2024-12-31'), DEFAULT_SETTINGS.provisions.accounts);
    expect(fec.fileName).toBe('123456789FEC20241231.txt');
    const lines = fec.text.split('\r\n').filter(Boolean).map((l) => l.split('\t'));
    expect(lines[0]).toHaveLength(18);
    expect(lines.slice(1).map((l) => [l[2], l[4], l[6], l[11], l[12]])).toEqual([
      ['DEP0001', '491100', 'C2', '500,00', '0,00'],
      ['DEP0001', '781700', '', '0,00', '500,00'],
      ['DEP0002', '681700', '', '75,00', '0,00'],
      ['DEP0002', '491100', 'C1', '0,00', '75,00'],
    ]);
    expect(lines.slice(1).every((l) => l[0] === 'OD' && l[3] === '20241231')).toBe(true);

    // into a fresh Encours database: imported, balanced, the same totals
    const fresh = await openTestDb();
    try {
      const outcome = await importFile(fresh.db, writeFile(fresh.dir, fec), { source: 'cli' });
      expect(outcome.status, outcome.error?.report).toBe('active');
      expect(outcome).toMatchObject({ entity_id: '123456789', line_count: 4, total_debit: 575, total_credit: 575 });
    } finally {
      fresh.cleanup();
    }
  });

  it('needs one entity: a consolidated report of several is refused, naming them', async () => {
    const two = { ...(await emptyReport()), clients: [{ entity_id: 'A', client_id: 'C1' }, { entity_id: 'B', client_id: 'C2' }] } as unknown as ProvisionsReport;
    expect(() => provisionsFec(two, DEFAULT_SETTINGS.provisions.accounts)).toThrow(/name the entity \(--entity\), one of A, B/);
  });
});

async function emptyReport(): Promise<ProvisionsReport> {
  await load(t, [{ name: FY2024, lines: [...sale('1', '2024-01-10', 'C1', 'F1', 1200), ...bankCharges('2024-12-31')] }]);
  return report('2024-12-31');
}

function writeFile(dir: string, fec: { fileName: string; text: string }): string {
  const path = join(dir, fec.fileName);
  writeFileSync(path, fec.text);
  return path;
}
