// Credit limits (#17, encours autorisé) on a small ledger worked by hand — entity 123456789, the
// year 2025, terms 30 days net:
// - A: 1 000 invoiced on the 15th of each month, each paid 45 days after its invoice — 15 days
//   late; at each month-end only that month's invoice is open (the one before was paid on the 30th). Its suggested limit: 12 000 € of sales over the
//   12 months = 1 000 €/month; 30 days of terms + 15 days late on average → 1 000 × 45 / 30 = 1 500,
//   rounded up to 2 000 €;
// - B: F-B1 5 000 on 01/03 and F-B2 3 000 on 01/06, both moved to doubtful debts (416) on 30/09,
//   1 000 received on 416 on 15/11: it owes 5 000 at 31/05, 8 000 at 31/08 (on 411) and 31/10
//   (on 416), 7 000 at 31/12;
// - D: one invoice of 8 000 on 01/12, open: the edges of the use of its limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { runEncours } from '../cli-run.ts';
import { openTestDb, type TestDb } from '../helpers.ts';
import { aging, bankCharges, load, receipt, sale, settlements, writeFec, type L } from './ledger.ts';
import type { Settings } from '../../src/server/models/settings.ts';
import { creditReport, riskFactorOf, suggestLimit } from '../../src/server/reports/credit.ts';
import { creditLimits, importCreditLimits, recordCreditLimit } from '../../src/server/credit/limits.ts';
import { ImportError } from '../../src/server/import/errors.ts';
import { buildApp } from '../../src/server/app.ts';
import { Auth } from '../../src/server/auth/access.ts';
import { addUser } from '../../src/server/auth/users.ts';
import { addDays } from '../../src/server/util/dates.ts';
import type { CreditReport } from '../../src/lib/contract/index.ts';

const FY2025 = '123456789FEC20251231.txt';
const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-15`);

const ledger = (): L[] => [
  // A: paid 45 days after each invoice (due at 30 days), except December's
  ...months.flatMap((d, i) => [...sale(`A${i}`, d, 'A', `FA${i + 1}`, 1000, i < 11 ? `A${i}` : undefined), ...(i < 11 ? receipt(`RA${i}`, addDays(d, 45), 'A', `VA${i + 1}`, 1000, `A${i}`) : [])]),
  ...sale('B1', '2025-03-01', 'B', 'FB1', 5000),
  ...sale('B2', '2025-06-01', 'B', 'FB2', 3000),
  ['OD', 'T1', '2025-09-30', '416000', 'B', 'FB1', '2025-03-01', 5000, 0],
  ['OD', 'T1', '2025-09-30', '411000', 'B', 'FB1', '2025-03-01', 0, 5000],
  ['OD', 'T1', '2025-09-30', '416000', 'B', 'FB2', '2025-06-01', 3000, 0],
  ['OD', 'T1', '2025-09-30', '411000', 'B', 'FB2', '2025-06-01', 0, 3000],
  ['BQ', 'RB', '2025-11-15', '512000', '', 'VB', '2025-11-15', 1000, 0],
  ['BQ', 'RB', '2025-11-15', '416000', 'B', 'VB', '2025-11-15', 0, 1000],
  ...sale('D1', '2025-12-01', 'D', 'FD1', 8000),
  ...bankCharges('2025-12-31'),
];

let t: TestDb;
let settings: Settings;
beforeAll(async () => {
  t = await openTestDb();
  settings = await load(t, [{ name: FY2025, lines: ledger() }]);
});
afterAll(() => t.cleanup());

const report = (asOf: string | null): Promise<CreditReport> => creditReport(t.db, settings, { asOf, entity: null });
const client = (r: CreditReport, id: string) => r.clients.find((c) => c.client_id === id)!;
/** a moment of a day, as the server would stamp it */
const at = (day: string) => new Date(`${day}T10:00:00Z`);

describe('credit limits', () => {
  it('weighs each client’s aged total, on 411 and on 416, at every date', async () => {
    const expected: Record<string, Record<string, number>> = {
      '2025-05-31': { A: 1000, B: 5000 },
      '2025-08-31': { A: 1000, B: 8000 },
      '2025-10-31': { A: 1000, B: 8000 },
      '2025-12-31': { A: 1000, B: 7000, D: 8000 },
    };
    for (const [asOf, owed] of Object.entries(expected)) {
      const r = await report(asOf);
      const aged = await aging(t, asOf);
      const agedTotals = Object.fromEntries(aged.clients.map((c) => [c.client_id, c.total]));
      expect(Object.fromEntries(r.clients.filter((c) => c.exposure !== 0).map((c) => [c.client_id, c.exposure])), asOf).toEqual(owed);
      expect(Object.fromEntries(r.clients.filter((c) => c.exposure !== 0).map((c) => [c.client_id, c.exposure])), asOf).toEqual(agedTotals);
      expect(r.totals.exposure, asOf).toBe(aged.totals.total);
    }
    // at 31/10, B's 8 000 is all doubtful
    expect((await aging(t, '2025-10-31')).clients.find((c) => c.client_id === 'B')!.doubtful).toBe(8000);
  });

  it('suggests a limit from the usual month of sales and the days to pay, never applied', async () => {
    expect((await settlements(t, 'A')).slice(0, 2).map((s) => (s as { days_late: number }).days_late)).toEqual([15, 15]);
    const a = client(await report('2025-12-31'), 'A');
    // 12 000 / 12 = 1 000 a month × (30 + 15) / 30 = 1 500 → 2 000
    expect(a.suggested).toEqual({ amount: 2000, sales_12m: 12000, monthly_sales: 1000, terms_days: 30, days_late: 15, risk_factor: 1, risk_band: null });
    expect([a.limit_amount, a.status]).toEqual([null, 'none']);
    // no sales: nothing to suggest; a round figure stays itself
    expect([suggestLimit(0, 30, 10), suggestLimit(12000, 30, 0), suggestLimit(12000, 30, -5), suggestLimit(12_000, 30, 0.3)]).toEqual([null, 1000, 1000, 2000]);
    // scaled by the risk band: 120 000 a year, 30 days of terms, 15 late → 10 000 × 45 / 30 = 15 000;
    // at medium risk × 0.75 = 11 250 → 12 000; at high × 0.5 = 7 500 → 8 000; in default, none
    const scaled = (risk?: { status: string; band: string | null }) => suggestLimit(120_000, 30, 15, riskFactorOf(risk).factor);
    expect([scaled({ status: 'scored', band: 'low' }), scaled({ status: 'scored', band: 'medium' }), scaled({ status: 'scored', band: 'high' }), scaled({ status: 'in_default', band: null }), scaled(undefined)]).toEqual([15_000, 12_000, 8_000, 0, 15_000]);
    // this ledger is too small for a risk model: A is not scored and keeps the whole arithmetic (factor 1, band null, above)
  });

  it('keeps each limit decided, replaced and withdrawn, with the one in force at each date — through a re-import', async () => {
    await recordCreditLimit(t.db, { client_id: 'A', amount: 5000, reason: 'Premier plafond' }, 'marie', at('2025-03-10'));
    await recordCreditLimit(t.db, { client_id: 'A', amount: 8000, insurer: ' Coface ', valid_until: '2025-09-30', reason: 'Garantie Coface' }, 'paul', at('2025-06-20'));
    await recordCreditLimit(t.db, { client_id: 'A', amount: null, reason: 'Garantie résiliée' }, 'marie', at('2025-10-15'));
    const inForce = async (asOf: string) => {
      const a = client(await report(asOf), 'A');
      return [a.limit_amount, a.insurer, a.status, a.decided_by, a.reason];
    };
    const check = async () => {
      expect(await inForce('2025-03-01')).toEqual([null, null, 'none', null, null]);
      expect(await inForce('2025-04-30')).toEqual([5000, null, 'ok', 'marie', 'Premier plafond']);
      expect(await inForce('2025-07-31')).toEqual([8000, 'Coface', 'ok', 'paul', 'Garantie Coface']);
      // the insurer's limit ended on 30/09: none in force, the row is still the latest
      expect(await inForce('2025-10-05')).toEqual([null, null, 'none', 'paul', 'Garantie Coface']);
      expect(await inForce('2025-11-30')).toEqual([null, null, 'none', 'marie', 'Garantie résiliée']);
    };
    await check();
    // insured at 31/07: A owes 1 000 (July's invoice) under Coface's 8 000, of 9 000 owed in all
    expect((await report('2025-07-31')).totals).toEqual({ exposure: 9000, covered_by_insurer: 1000, covered_share: 0.1111, clients_with_limit: 1, over: 0, near: 0 });
    // a replacing export of the year keeps what people decided
    await load(t, [{ name: FY2025, lines: [...ledger(), ...bankCharges('2025-12-30')] }]);
    await check();
    const history = await creditLimits(t.db, { entity: null, client: 'A' });
    expect(history.map((l) => [l.amount, l.insurer, l.valid_until, l.source, l.decided_by, l.decided_at])).toEqual([
      [5000, null, null, 'app', 'marie', '2025-03-10T10:00:00Z'],
      [8000, 'Coface', '2025-09-30', 'app', 'paul', '2025-06-20T10:00:00Z'],
      [null, null, null, 'app', 'marie', '2025-10-15T10:00:00Z'],
    ]);
  });

  it('says over above 100 % of the limit, near above 80 %', async () => {
    // D owes 8 000 at 31/12; each limit replaces the one before (at the latest date, every row counts)
    const cases: [number, number | null, string][] = [
      [10_000, 80, 'ok'],
      [9_999, 80.01, 'near'],
      // 80.004 %: near, though shown rounded to 80 %
      [9_999.5, 80, 'near'],
      [8_000, 100, 'near'],
      [7_999, 100.01, 'over'],
      [0, null, 'over'],
    ];
    for (const [amount, pct, status] of cases) {
      await recordCreditLimit(t.db, { client_id: 'D', amount, reason: 'Revue des limites' }, 'marie');
      const d = client(await report(null), 'D');
      expect([d.limit_amount, d.use_pct, d.status], String(amount)).toEqual([amount, pct, status]);
    }
    const r = await report(null);
    expect([r.clients[0].client_id, r.totals.over, r.totals.near]).toEqual(['D', 1, 0]);
  });

  it('is refused without a reason, for a client the ledger does not know, or a negative amount', async () => {
    const before = (await creditLimits(t.db, { entity: null, client: null })).length;
    await expect(recordCreditLimit(t.db, { client_id: 'A', amount: 1000, reason: '  ' }, 'marie')).rejects.toThrow(/reason/);
    await expect(recordCreditLimit(t.db, { client_id: 'Z9', amount: 1000, reason: 'Plafond' }, 'marie')).rejects.toThrow(/Z9/);
    await expect(recordCreditLimit(t.db, { client_id: 'A', amount: -1, reason: 'Plafond' }, 'marie')).rejects.toThrow(/negative/);
    expect((await creditLimits(t.db, { entity: null, client: null })).length).toBe(before);
  });

  it('imports a credit insurer’s list: French headers in Windows-1252 with decimal commas, English PascalCase ones', async () => {
    const fr = join(t.dir, 'limites.csv');
    writeFileSync(fr, Buffer.from('Code client;Encours autorisé;Assureur;Date de fin;Siren\r\nA;12 500,50;Coface;31/12/2026;123456789\r\nB;7\u00a0000;Allianz Trade;;\r\n', 'latin1'));
    const res = await importCreditLimits(t.db, fr, 'limites.csv', 'claire', at('2026-01-05'));
    expect(res.limits).toBe(2);
    // A's SIREN given beside its code: recorded for the next lists
    expect(res.warnings).toEqual([expect.stringMatching(/^1 client SIREN recorded/)]);
    let r = await report(null);
    expect([client(r, 'A').limit_amount, client(r, 'A').insurer, client(r, 'A').valid_until, client(r, 'A').source, client(r, 'A').decided_by]).toEqual([12500.5, 'Coface', '2026-12-31', 'import', 'claire']);
    expect([client(r, 'B').limit_amount, client(r, 'B').insurer, client(r, 'B').status, client(r, 'B').reason]).toEqual([7000, 'Allianz Trade', 'near', 'import of limites.csv']);
    // at 31/12: A owes 1 000 (under Coface's 12 500,50) and B 7 000 (Allianz Trade's 7 000): 8 000 insured of 16 000
    expect([r.totals.covered_by_insurer, r.totals.covered_share]).toEqual([8000, 0.5]);

    const en = join(t.dir, 'limits.csv');
    writeFileSync(en, 'ClientCode,CreditLimit,Insurer,ValidUntil\nB,"8,000.00",Atradius,2026-06-30\n');
    expect((await importCreditLimits(t.db, en, 'limits.csv', 'claire', at('2026-01-06'))).limits).toBe(1);
    r = await report(null);
    expect([client(r, 'B').limit_amount, client(r, 'B').insurer, client(r, 'B').valid_until, client(r, 'B').use_pct, client(r, 'B').status]).toEqual([8000, 'Atradius', '2026-06-30', 87.5, 'near']);
  });

  it('names a client by its SIREN (or SIRET) once a list gave it with the client code; an unknown or malformed SIREN is refused at its line', async () => {
    // A's SIREN 123456789 was taught by limites.csv above; an insurer's list by SIREN only
    const bySiren = join(t.dir, 'assureur-siren.csv');
    writeFileSync(bySiren, 'N° SIREN;Montant garanti;Assureur\n123 456 789;9 000;Coface\n');
    expect(await importCreditLimits(t.db, bySiren, 'assureur-siren.csv', 'claire', at('2026-01-07'))).toEqual({ file_name: 'assureur-siren.csv', limits: 1, warnings: [] });
    expect([client(await report(null), 'A').limit_amount, client(await report(null), 'A').insurer]).toEqual([9000, 'Coface']);
    // a SIRET: its first 9 digits
    writeFileSync(bySiren, 'Siret;Encours autorisé\n123 456 789 00017;9500\n');
    await importCreditLimits(t.db, bySiren, 'siret.csv', 'claire', at('2026-01-08'));
    expect(client(await report(null), 'A').limit_amount).toBe(9500);

    const before = (await creditLimits(t.db, { entity: null, client: null })).length;
    writeFileSync(bySiren, 'SIREN;Montant garanti\n987654321;1000\n12345;1000\n');
    const err = await importCreditLimits(t.db, bySiren, 'inconnus.csv', 'claire').catch((e: unknown) => e);
    expect((err as ImportError).problems.map((p) => [p.line, p.column, p.value, p.message.split(' / ')[0]])).toEqual([
      [2, 'SIREN', '987654321', 'no client of Encours has this SIREN yet: give the client code on this line once (a column Code client), Encours keeps the SIREN for the next lists'],
      [3, 'SIREN', '12345', 'not a SIREN (9 digits) nor a SIRET (14 digits)'],
    ]);
    expect((await creditLimits(t.db, { entity: null, client: null })).length).toBe(before);
  });

  it('a SIREN names the entity too, where a client code is in two entities', async () => {
    const g = await openTestDb();
    try {
      // client A in two companies of a group
      await load(g, [
        { name: '123456789FEC20251231.txt', lines: [...sale('1', '2025-06-01', 'A', 'F1', 1200), ...bankCharges('2025-12-31')] },
        { name: '987654321FEC20251231.txt', lines: [...sale('1', '2025-06-01', 'A', 'G1', 2400), ...bankCharges('2025-12-31')] },
      ]);
      const file = join(g.dir, 'groupe.csv');
      writeFileSync(file, 'Entité;Code client;SIREN;Encours autorisé\n987654321;A;111 222 333;5000\n');
      await importCreditLimits(g.db, file, 'groupe.csv', 'claire');
      // by SIREN alone: the client A of entity 987654321, not "in several entities"
      writeFileSync(file, 'SIREN;Encours autorisé\n111222333;6000\n');
      expect((await importCreditLimits(g.db, file, 'siren.csv', 'claire')).limits).toBe(1);
      expect((await creditLimits(g.db, { entity: null, client: 'A' })).map((l) => [l.entity_id, l.amount])).toEqual([
        ['987654321', 5000],
        ['987654321', 6000],
      ]);
    } finally {
      g.cleanup();
    }
  });

  it('refuses a file with a bad line, naming its line and column, and writes nothing', async () => {
    const before = (await creditLimits(t.db, { entity: null, client: null })).length;
    const bad = join(t.dir, 'bad.csv');
    writeFileSync(bad, 'Code client;Limite de crédit;Date de fin\nA;1000;\nZ9;abc;31/02/2026\nB;-5;\n');
    const err = await importCreditLimits(t.db, bad, 'bad.csv', 'claire').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).problems.map((p) => [p.line, p.column, p.value ?? null])).toEqual([
      [3, 'Code client', 'Z9'],
      [3, 'Limite de crédit', 'abc'],
      [3, 'Date de fin', '31/02/2026'],
      [4, 'Limite de crédit', '-5'],
    ]);
    expect((err as ImportError).report()).toMatch(/Nothing was imported/);
    // 15,000 reads 15 or 15 000: refused rather than guessed, as for the invoice lists
    const ambiguous = join(t.dir, 'ambiguous.csv');
    writeFileSync(ambiguous, 'ClientCode,CreditLimit\nA,"15,000"\n');
    const refused = await importCreditLimits(t.db, ambiguous, 'ambiguous.csv', 'claire').catch((e: unknown) => e);
    expect((refused as ImportError).problems.map((p) => [p.line, p.column, p.value])).toEqual([[2, 'CreditLimit', '15,000']]);
    expect((refused as ImportError).hint).toMatch(/without a thousands separator/);
    // neither a client code nor a SIREN
    const anonymous = join(t.dir, 'anonymous.csv');
    writeFileSync(anonymous, 'Acheteur;Montant garanti\nDupont SA;1000\n');
    await expect(importCreditLimits(t.db, anonymous, 'anonymous.csv', 'claire')).rejects.toThrow(/client_id/);
    expect((await creditLimits(t.db, { entity: null, client: null })).length).toBe(before);
  });

  describe('through the API', () => {
    let app: FastifyInstance;
    const cookies: Record<string, string> = {};
    beforeAll(async () => {
      for (const [username, role] of [['claire', 'admin'], ['vera', 'viewer'], ['marc', 'analyst']] as const) await addUser(t.db, { username, role, password: 'a long enough password' }, 'test');
      app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 1024 * 1024, settings, auth: new Auth(true) });
      for (const username of ['vera', 'marc']) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'a long enough password' } });
        cookies[username] = String(res.headers['set-cookie']).split(';')[0];
      }
    });
    afterAll(() => app.close());
    const post = (who: string, payload: object) => app.inject({ method: 'POST', url: '/api/credit/limits', payload, headers: { cookie: cookies[who] } });

    it('lets viewers read and analysts decide', async () => {
      expect((await app.inject({ url: '/api/credit?as_of=2025-12-31', headers: { cookie: cookies.vera } })).statusCode).toBe(200);
      expect((await post('vera', { client_id: 'A', amount: 3000, reason: 'Plafond revu' })).statusCode).toBe(403);
      expect((await post('marc', { client_id: 'Z9', amount: 3000, reason: 'Plafond revu' })).statusCode).toBe(404);
      expect((await post('marc', { client_id: 'A', amount: -3000, reason: 'Plafond revu' })).statusCode).toBe(400);
      expect((await post('marc', { client_id: 'A', amount: 3000 })).statusCode).toBe(400);
      const ok = await post('marc', { client_id: 'A', amount: 3000, reason: 'Plafond revu' });
      expect([ok.statusCode, ok.json()]).toMatchObject([201, { client_id: 'A', amount: 3000, source: 'app', decided_by: 'marc' }]);
      const a = ((await app.inject({ url: '/api/credit', headers: { cookie: cookies.vera } })).json() as CreditReport).clients.find((c) => c.client_id === 'A')!;
      expect([a.limit_amount, a.use_pct, a.status, a.decided_by]).toEqual([3000, 33.33, 'ok', 'marc']);
      // one client's row for its page, the totals still every client's
      const all = (await app.inject({ url: '/api/credit?as_of=2025-12-31', headers: { cookie: cookies.vera } })).json() as CreditReport;
      const one = (await app.inject({ url: '/api/credit?as_of=2025-12-31&client=B', headers: { cookie: cookies.vera } })).json() as CreditReport;
      expect(one.clients).toEqual(all.clients.filter((c) => c.client_id === 'B'));
      expect(one.totals).toEqual(all.totals);
    });
  });
});

describe('npx encours report credit, npx encours credit', () => {
  it('prints one CSV line per client and the totals, or the whole answer as JSON; imports a list, sets and withdraws a limit, lists them with who', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'encours-credit-cli-'));
    try {
      const encours = (...args: string[]) => runEncours(join(dir, 'cli.duckdb'), ...args);
      expect((await encours('import', writeFec(dir, FY2025, ledger()))).code).toBe(0);
      const csv = await encours('report', 'credit', '--as-of', '2025-12-31');
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.stdout.split('\r\n')).toEqual([
        'as_of_date,entity_id,client_id,client_name,exposure,limit_amount,insurer,valid_until,use_pct,status,source,decided_by,decided_at,suggested_limit,suggested_sales_12m,suggested_monthly_sales,suggested_terms_days,suggested_days_late,suggested_risk_factor',
        // the most used limits first, then by exposure; D's suggestion: 8 000 / 12 × 30 / 30 = 666.67 → 1 000
        '2025-12-31,123456789,D,Client D,8000,,,,,none,,,,1000,8000,666.67,30,0,1',
        '2025-12-31,123456789,B,Client B,7000,,,,,none,,,,1000,8000,666.67,30,0,1',
        '2025-12-31,123456789,A,Client A,1000,,,,,none,,,,2000,12000,1000,30,15,1',
        // the totals: what insurers' limits cover (limit_amount) and its share of the exposure (use_pct, %)
        '2025-12-31,,*,,16000,0,,,0,,,,,,,,,,',
        '',
      ]);
      const json = JSON.parse((await encours('report', 'credit', '--format', 'json')).stdout) as CreditReport;
      // the date of the last receivable item by default: A's payment of 30/12
      expect([json.as_of_date, json.totals.exposure]).toEqual(['2025-12-30', 16000]);

      // encours credit: an insurer's list imported, a limit set then withdrawn, the history listed
      const list = join(dir, 'assureur.csv');
      writeFileSync(list, 'ClientCode,CreditLimit,Insurer,ValidUntil\nD,"6,000.00",Atradius,2026-06-30\n');
      const imported = await encours('credit', 'import', list);
      expect([imported.code, imported.stdout], imported.stderr).toEqual([0, '✔ assureur.csv: 1 limits recorded\n']);
      const set = await encours('credit', 'set', 'B', '7500', '--reason', 'Garantie bancaire reçue');
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toMatch(/^✔ 123456789 B: limit 7500\.00 EUR, recorded by cli:/);
      expect((await encours('credit', 'set', 'B', 'none', '--reason', 'Garantie levée')).code).toBe(0);
      // refused before anything is written: no reason, not an amount, a client the ledger does not know
      expect((await encours('credit', 'set', 'B', '7500')).code).toBe(2);
      expect((await encours('credit', 'set', 'B', 'beaucoup', '--reason', 'Plafond')).code).toBe(2);
      expect((await encours('credit', 'set', 'B', '1e3', '--reason', 'Plafond')).code).toBe(2);
      expect((await encours('credit', 'set', 'B', '100', '--reason', 'Plafond', '--valid-until', '2026-02-30')).code).toBe(2);
      const unknown = await encours('credit', 'set', 'Z9', '100', '--reason', 'Plafond');
      expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/Z9/)]);
      const limits = await encours('credit', 'limits');
      expect(limits.code, limits.stderr).toBe(0);
      const rows = limits.stdout.split('\r\n').map((l) => l.split(','));
      expect(rows[0]).toEqual(['limit_id', 'entity_id', 'client_id', 'client_name', 'amount', 'currency', 'insurer', 'valid_until', 'source', 'reason', 'decided_by', 'decided_at']);
      expect(rows.slice(1, -1).map((r) => [r[2], r[4], r[6], r[7], r[8], r[9]])).toEqual([
        ['D', '6000', 'Atradius', '2026-06-30', 'import', 'import of assureur.csv'],
        ['B', '7500', '', '', 'app', 'Garantie bancaire reçue'],
        ['B', '', '', '', 'app', 'Garantie levée'],
      ]);
      const b = JSON.parse((await encours('credit', 'limits', '--client', 'B', '--format', 'json')).stdout) as { limits: { decided_by: string }[] };
      expect(b.limits).toHaveLength(2);
      expect(b.limits[0].decided_by).toMatch(/^cli:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
