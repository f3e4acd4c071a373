// The CLI as scripts use it: output and exit codes (0 done, 1 an import failed, 2 usage). The
// commands run in-process (runCli, with the output captured); the process itself — bin/encours.js
// and its bundle, its exit codes on stdout and stderr — is run for real once per outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { copyDemoDb, fixture } from '../helpers.ts';
import { runCli } from '../../src/server/cli.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { ForecastReport } from '../../src/lib/contract/index.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'encours.js');
let dir: string;

/** A command run in-process, as the process would run it. */
async function encours(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return encoursWith({}, ...args);
}

/** A command run in-process with a password to give when asked. */
async function encoursWith(input: { password?: string }, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const readPassword = input.password === undefined ? undefined : async () => input.password!;
  const code = await runCli([...args, '--db', join(dir, 'cli.duckdb')], { out: (t) => (stdout += t), err: (t) => (stderr += t), readPassword, env: {} });
  return { code, stdout, stderr };
}

/** The real process: `node bin/encours.js …`. */
async function encoursProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--db', join(dir, 'cli.duckdb')], { env: { ...process.env, ENCOURS_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'encours-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npx encours', () => {
  it('imports files, says so, and exits 0; the same file again is a no-op', async () => {
    const first = await encours('import', fixture('fec', '123456789FEC20241231.txt'));
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^✔ 123456789FEC20241231\.txt: import #1, FEC, entity 123456789, 2024-01-15 → 2024-12-31, 5 lines/);
    const again = await encours('import', fixture('fec', '123456789FEC20241231.txt'));
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('= 123456789FEC20241231.txt: already imported as #1, nothing changed\n');
  });

  it('exits 1 with the error report when an import fails', async () => {
    const res = await encoursProcess('import', fixture('bad', 'unbalanced.txt'));
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('✘ unbalanced.txt: 1 entry is not balanced');
  });

  it('lists the history, also as JSON', async () => {
    const res = await encours('imports');
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')[0]).toMatch(/^#\s+when \(UTC\)\s+status\s+format\s+entity\s+period end\s+lines\s+by\s+file$/);
    const json = JSON.parse((await encours('imports', '--json')).stdout) as { status: string }[];
    expect(json.map((r) => r.status)).toEqual(['failed', 'duplicate', 'active']);
  });

  it('reports the aged balance as CSV and the DSO series as JSON', async () => {
    // the fixture: Dupont SA invoiced 1 200 on 15/01 (due 14/02), paid 14/02
    const aging = await encours('report', 'aging', '--as-of', '2024-02-10');
    expect(aging.code).toBe(0);
    expect(aging.stdout.split('\r\n')).toEqual([
      'as_of_date,entity_id,client_id,client_name,not_due,d1_30,d31_60,d61_90,d91_plus,unapplied,total,overdue,share_overdue,oldest_days_past_due,doubtful',
      '2024-02-10,123456789,C001,Dupont SA,1200,0,0,0,0,0,1200,0,0,,0',
      '',
    ]);
    const after = await encours('report', 'aging', '--as-of', '2024-02-14', '--format', 'json');
    expect(JSON.parse(after.stdout).reconciliation).toEqual({ ledger_balance: 0, aged_total: 0, difference: 0 });
    const dso = JSON.parse((await encours('report', 'dso', '--format', 'json')).stdout);
    expect(dso.months.map((m: { month_end: string; receivables: number }) => [m.month_end, m.receivables])).toEqual([
      ['2024-01-31', 1200],
      ['2024-02-14', 0],
    ]);
    // no doubtful debt in this ledger: the provisions' working is its header alone, the totals nil
    const provisions = await encours('report', 'provisions', '--as-of', '2024-02-10');
    expect(provisions.stdout.split('\r\n')).toEqual(['as_of_date,entity_id,client_id,client_name,piece_ref,doc_date,due_date,days_past_due,open_amount,vat_from_ledger,base,rate,provision', '']);
    expect(JSON.parse((await encours('report', 'provisions', '--format', 'json')).stdout).totals).toMatchObject({ required: 0, booked: 0, net: 0 });
    // as a FEC: the entity's file, no entry to book; without an entity and nothing to book, said so
    const fec = await encours('report', 'provisions', '--format', 'fec', '--entity', '123456789');
    expect(fec.stdout.split('\r\n')[0].split('\t')).toHaveLength(18);
    expect(fec.stderr).toBe('(a FEC of 0 lines: save it as 123456789FEC20240214.txt)\n');
    const nothing = await encours('report', 'provisions', '--format', 'fec');
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toMatch(/no provision to book/);
    // no write-off either: the CSV's header alone; the movement since the previous closing (the
    // file names its closing, 31/12/2024: the year runs from 01/01/2024), one line per account, nil
    const writeOffs = await encours('report', 'write-offs', '--as-of', '2024-02-10');
    expect(writeOffs.stdout.split('\r\n')).toEqual(['as_of_date,entity_id,fiscal_year_end,entry_date,client_id,client_name,account_num,piece_ref,amount,bad_debt,vat_recovered,provision_reversed,invoices', '']);
    const movement = await encours('report', 'movement', '--as-of', '2024-02-10');
    expect(movement.stdout.split('\r\n').slice(1)).toEqual(['2024-02-10,123456789,2023-12-31,fiscal_year,416,0,0,0,0,0,,,0,0,0', '2024-02-10,123456789,2023-12-31,fiscal_year,491,0,,,,,0,0,,0,0', '']);
    expect(JSON.parse((await encours('report', 'movement', '--format', 'json')).stdout).totals.doubtful).toMatchObject({ opening: 0, closing: 0, difference: 0 });
    // the provision matrix: no month-end followed by 12 months yet, not enough history — one line per
    // bucket, then the doubtful debts (their specific provision) and the unapplied credits
    const matrix = await encours('report', 'expected-loss', '--as-of', '2024-02-10');
    const line = (bucket: string, rest: string) => `2024-02-10,*,not_enough_history,0,${bucket},${rest}`;
    expect(matrix.stdout.split('\r\n')).toEqual([
      'as_of_date,entity_id,status,month_ends,bucket,open_amount,history_open,history_lost,lost_clients,rate,expected_loss',
      line('not_due', '1200,0,0,0,,'),
      ...['d1_30', 'd31_60', 'd61_90', 'd91_plus'].map((b) => line(b, '0,0,0,0,,')),
      line('doubtful', '0,,,,,0'),
      line('unapplied', '0,,,,,'),
      '',
    ]);
    expect(JSON.parse((await encours('report', 'expected-loss', '--format', 'json')).stdout)).toMatchObject({ status: 'not_enough_history', month_ends: 0, history: [] });
    expect((await encours('report', 'aging', '--format', 'fec')).stderr).toMatch(/--format is csv or json\./);
    const bad = await encours('report', 'aging', '--as-of', '10/02/2024');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--as-of is a date written YYYY-MM-DD/);
  });

  it('reports the clients with behaviour, segment and risk columns', async () => {
    const res = await encours('report', 'clients', '--as-of', '2024-02-14');
    expect(res.code).toBe(0);
    const [header, row] = res.stdout.split('\r\n');
    expect(header.split(',').slice(-5)).toEqual(['segment', 'risk_score', 'risk_band', 'risk_factors', 'payment_habit']);
    // one invoice paid on its due date; too little history for a risk model: no score; one payment: no habit
    expect(row).toMatch(/^2024-02-14,123456789,C001,Dupont SA,2024-01-15,2024-02-14,1,1200,30,0,/);
    expect(row.endsWith(',new,,,,')).toBe(true);
  });

  it('forecasts receipts by week, as CSV or JSON, on an invoice list with a disputed invoice', async () => {
    // 000123 1 200 paid 20/02 (6 days late); 000124 600 (due 27/02) open and disputed; a credit of 150 for another client
    expect((await encours('import', fixture('invoices', 'encours-fr.csv'), '--entity', '552081317')).code).toBe(0);
    // the list's last date is the settlement of 000123 (20/02): a later as-of date is refused
    const json = JSON.parse((await encours('forecast', '--entity', '552081317', '--as-of', '2024-02-20', '--weeks', '4', '--format', 'json')).stdout);
    expect(json.weeks).toHaveLength(4);
    expect(json.totals).toMatchObject({ open_amount: 0, disputed_amount: 600, expected_open: 0 });
    expect(json.weeks[0]).toMatchObject({ week: 1, start: '2024-02-21', end: '2024-02-27' });
    const csv = await encours('forecast', '--entity', '552081317', '--as-of', '2024-02-20', '--weeks', '2');
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout.trim().split('\r\n');
    expect(header).toBe('as_of_date,week,start,end,open_expected,disputed_expected,promised_expected,new_sales_expected,expected,p10,p90,sales_forecast');
    expect(rows).toHaveLength(2);
    expect((await encours('forecast', '--weeks', '60')).code).toBe(2);
  });

  it('forecasts as the dashboard does: the range calibrated on the backtest the server kept, or on one computed once and kept', async () => {
    // the prepared demo holds its backtest as the server's preparation leaves it: read, not computed
    const demo = await copyDemoDb(mkdtempSync(join(dir, 'demo-')));
    let stderr = '';
    let stdout = '';
    const code = await runCli(['forecast', '--format', 'json', '--db', demo.dbPath, '--settings', demo.settingsPath], { out: (t) => (stdout += t), err: (t) => (stderr += t), env: {} });
    expect([code, stderr]).toEqual([0, '']);
    const plan = JSON.parse(stdout) as ForecastReport;
    expect(plan.method.range).toMatchObject({ method: 'calibrated', reason: null });
    expect(plan.method.habits.reason).not.toBe('backtest_pending');
    // no backtest kept for these figures yet (the FEC's entity was not forecast before): computed, and said, once; then read
    const note = 'Backtesting the forecast on this ledger, once per import (its range is calibrated on it)…\n';
    expect(await encours('forecast', '--entity', '123456789', '--format', 'json')).toMatchObject({ code: 0, stderr: note });
    expect(await encours('forecast', '--entity', '123456789', '--format', 'json')).toMatchObject({ code: 0, stderr: '' });
  });

  it('refuses an as-of date outside the data, saying where the data is, with exit 2', async () => {
    // the fixture FEC (123456789) from 15/01 to 14/02/2024, the invoice list (552081317) to 20/02/2024
    expect(await encours('report', 'aging', '--as-of', '2030-01-01')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'The data ends on 2024-02-20: there are no figures on 2030-01-01 yet. Pick a date up to 2024-02-20; what comes after is projected on the Forecast page.\n',
    });
    expect(await encours('report', 'aging', '--as-of', '2023-12-31')).toEqual({ code: 2, stdout: '', stderr: 'No data yet on 2023-12-31: the data starts on 2024-01-15. Pick a date from 2024-01-15 on.\n' });
    const ofOneEntity = await encours('report', 'clients', '--as-of', '2024-02-20', '--entity', '123456789');
    expect(ofOneEntity.code).toBe(2);
    expect(ofOneEntity.stderr).toMatch(/^The data of entity 123456789 ends on 2024-02-14: /);
    expect((await encours('report', 'items', '--client', 'C001', '--as-of', '2030-01-01')).stderr).toMatch(/^The data ends on 2024-02-20: /);
    expect((await encours('forecast', '--as-of', '2023-12-31')).stderr).toMatch(/^No data yet on 2023-12-31: /);
    // the reminders too: a batch is not planned at a date after the data, not even to look at
    expect(await encours('collections', 'send', '--as-of', '2030-01-01', '--dry-run')).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^The data ends on 2024-02-20: /) });
  });

  it('names the entities with data when asked for one without, with exit 2', async () => {
    for (const command of [['report', 'aging'], ['report', 'dso'], ['report', 'clients'], ['report', 'items', '--client', 'C001'], ['forecast'], ['collections', 'send', '--dry-run']]) {
      expect(await encours(...command, '--entity', '0000000001'), command.join(' ')).toEqual({ code: 2, stdout: '', stderr: 'Unknown entity 0000000001: the entities with data are 123456789, 552081317.\n' });
    }
    // a client without items is not a usage error
    expect(await encours('report', 'items', '--client', 'NOPE')).toEqual({ code: 1, stdout: '', stderr: 'No items for client NOPE.\n' });
  });

  it('reads the model settings given by --settings: bucket edges and payment terms', async () => {
    const other = join(dir, 'other-settings.json');
    writeFileSync(other, JSON.stringify({ aging_buckets: [10, 20], payment_terms: { default: '60 days net' } }));
    const aging = await encours('report', 'aging', '--entity', '123456789', '--as-of', '2024-02-10', '--settings', other);
    expect(aging.code).toBe(0);
    expect(aging.stdout.split('\r\n')[0]).toBe('as_of_date,entity_id,client_id,client_name,not_due,d1_10,d11_20,d21_plus,unapplied,total,overdue,share_overdue,oldest_days_past_due,doubtful');
    // Dupont's invoice of 15/01: due 60 days later with these settings, 30 without (no settings.json beside the database)
    const dueDate = async (...settings: string[]) => JSON.parse((await encours('report', 'items', '--client', 'C001', '--entity', '123456789', '--format', 'json', ...settings)).stdout).items[0].due_date;
    expect(await dueDate('--settings', other)).toBe('2024-03-15');
    expect(await dueDate()).toBe('2024-02-14');
    expect(await encours('report', 'dso', '--settings', join(dir, 'missing.json'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/^No settings file .*missing\.json\./) });
  });

  it('takes --threads and --memory-limit for DuckDB, and refuses a bad count or size as a usage error', async () => {
    expect((await encours('report', 'dso', '--threads', '1')).code).toBe(0);
    const bad = await encours('report', 'dso', '--threads', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--threads is a whole number of threads, at least 1 \(got "0"\)\./);
    expect((await encours('report', 'dso', '--memory-limit', '256MB')).code).toBe(0);
    expect(await encours('report', 'dso', '--memory-limit', 'lots')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Cannot read the size "lots": write it like 2GB, 500MB/) });
    expect(await encours('report', 'dso', '--memory-limit', '0')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--memory-limit is a size of at least 1MB/) });
    // DuckDB is given megabytes; the environment variable when no flag says otherwise
    expect(loadConfig(['--memory-limit', '1.5GB'], {}).memoryLimit).toBe('1536MB');
    expect(loadConfig([], { ENCOURS_MEMORY_LIMIT: '2GB' }).memoryLimit).toBe('2048MB');
    expect(loadConfig([], {}).memoryLimit).toBeUndefined();
  });

  it('exits 2 on a usage error', async () => {
    const res = await encoursProcess('import');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/needs at least one file/);
    expect((await encours('frobnicate')).code).toBe(2);
    expect((await encours('imports', '--frobnicate')).code).toBe(2);
  });

  it('exits quietly when its reader stops early (| head)', async () => {
    // the demo's aged balance: far more than a pipe holds
    // with the demo's settings, so that the CLI finds its models built and goes straight to the report
    const demo = await copyDemoDb(mkdtempSync(join(dir, 'demo-')));
    const child = spawn(process.execPath, [bin, 'report', 'aging', '--format', 'json', '--db', demo.dbPath, '--settings', demo.settingsPath], { env: { ...process.env, ENCOURS_URL: '' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.destroy(); // the reader is gone before the first line
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|at /);
    expect(code).toBe(0);
  });

  it('answers --help from the process with the usage, exit 0', async () => {
    const res = await encoursProcess('--help');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Usage:\n  encours import <files\.\.\.>/);
    // the server's flags that make sense for the CLI
    for (const flag of ['--db PATH', '--settings PATH', '--threads N', '--server URL']) expect(res.stdout).toContain(`  ${flag} `);
    expect(res.stdout).toContain('  --memory-limit SIZE\n');
    // after a command too, in-process
    for (const args of [['import', '--help'], ['report', 'aging', '-h'], ['collections', 'send', '--help']]) {
      expect(await encours(...args), args.join(' ')).toEqual({ code: 0, stdout: res.stdout, stderr: '' });
    }
  });

  it('manages the accounts on the database file: add, list, role, password, disable', async () => {
    expect((await encours('users')).stdout).toMatch(/^No account yet/);
    const added = await encoursWith({ password: 'a long enough secret' }, 'users', 'add', 'claire', '--admin');
    expect(added).toEqual({ code: 0, stdout: '✔ claire can sign in, as admin.\n', stderr: '' });
    expect((await encoursWith({ password: 'another long secret' }, 'users', 'add', 'victor', '--role', 'viewer')).code).toBe(0);
    expect((await encoursWith({ password: 'short' }, 'users', 'add', 'anna', '--role', 'analyst')).stderr).toMatch(/^The password is too short/);
    expect((await encoursWith({ password: 'a long enough secret' }, 'users', 'add', 'anna', '--role', 'boss')).stderr).toMatch(/^--role is one of viewer, analyst, admin\./);
    expect((await encoursWith({ password: 'a long enough secret' }, 'users', 'add', 'claire', '--role', 'viewer'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/claire/) });

    expect(await encours('users', 'role', 'victor', 'analyst')).toMatchObject({ code: 0, stdout: '✔ victor is now analyst.\n' });
    expect((await encours('users', 'disable', 'victor')).stdout).toMatch(/^✔ victor can no longer sign in/);
    // the last admin stays one
    expect((await encours('users', 'disable', 'claire')).code).toBe(1);
    expect((await encoursWith({ password: 'a new long secret' }, 'users', 'passwd', 'claire')).code).toBe(0);
    const users = JSON.parse((await encours('users', 'list', '--json')).stdout) as { username: string; role: string; disabled: boolean; created_by: string }[];
    expect(users.map((u) => [u.username, u.role, u.disabled, u.created_by.startsWith('cli')])).toEqual([
      ['claire', 'admin', false, true],
      ['victor', 'analyst', true, true],
    ]);
    expect((await encours('users', 'frobnicate')).code).toBe(2);
  });

  it('removes an import, keeping it in the history as removed', async () => {
    const history = JSON.parse((await encours('imports', '--json')).stdout) as { import_id: number; status: string; file_name: string }[];
    const invoices = history.find((r) => r.status === 'active' && r.file_name === 'encours-fr.csv')!;
    const res = await encours('imports', 'remove', String(invoices.import_id));
    expect(res).toEqual({ code: 0, stdout: `✔ import #${invoices.import_id} (encours-fr.csv) removed: its lines left the store and the figures were computed again.\n`, stderr: '' });
    const after = JSON.parse((await encours('imports', '--json')).stdout) as { import_id: number; status: string; removed_by: string }[];
    expect(after.find((r) => r.import_id === invoices.import_id)).toMatchObject({ status: 'removed', removed_by: expect.stringMatching(/^cli/) });
    // the entity of that list has no data any more
    expect((await encours('report', 'dso', '--entity', '552081317')).code).toBe(2);
    expect((await encours('imports', 'remove', String(invoices.import_id))).stderr).toMatch(/removed/);
    expect((await encours('imports', 'remove', 'x')).code).toBe(2);
  });
});
