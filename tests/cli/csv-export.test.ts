// What the CLI's CSV hands to a spreadsheet: a client name that reads as a formula (=, +, -, @)
// arrives neutralised, as the UI's exports do it; numbers, negative ones included, stay numbers.
// And the demo generator's own command line: --help, and a usage message for what it does not know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../src/server/cli.ts';
import { demoDataOptions, UsageError } from '../../src/server/demo/cli-options.ts';

const run = promisify(execFile);
let dir: string;

async function encours(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--db', join(dir, 'cli.duckdb')], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'encours-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI’s CSV against formula injection', () => {
  it('neutralises client names that a spreadsheet would run, and keeps negative amounts numbers', async () => {
    const file = join(dir, 'open-items.csv');
    writeFileSync(
      file,
      [
        'Code client;Raison sociale;N° facture;Date facture;Date d’échéance;Montant TTC;Solde',
        "C1;=CMD|' /C calc'!A0;F1;15/01/2024;14/02/2024;1 200,00;1 200,00",
        'C2;+33 6 12 34 56 78;F2;16/01/2024;15/02/2024;-150,00;-150,00',
        'C3;@SUM(A1:A9);F3;17/01/2024;16/02/2024;300,00;300,00',
        'C4;Dupont SA;F4;18/01/2024;17/02/2024;400,00;400,00',
      ].join('\r\n') + '\r\n',
    );
    const imported = await encours('import', file, '--entity', '552081317');
    expect(imported.code, imported.stdout).toBe(0);
    const { code, stdout } = await encours('report', 'aging', '--format', 'csv');
    expect(code).toBe(0);
    const rows = stdout.trim().split('\r\n').map((line) => line.split(','));
    const nameAt = rows[0].indexOf('client_name');
    const totalAt = rows[0].indexOf('total');
    const byClient = Object.fromEntries(rows.slice(1).map((r) => [r[rows[0].indexOf('client_id')], r]));
    expect(byClient.C1[nameAt]).toBe("'=CMD|' /C calc'!A0");
    expect(byClient.C2[nameAt]).toBe("'+33 6 12 34 56 78");
    expect(byClient.C3[nameAt]).toBe("'@SUM(A1:A9)");
    expect(byClient.C4[nameAt]).toBe('Dupont SA');
    expect(byClient.C2[totalAt]).toBe('-150');
    expect(stdout).not.toMatch(/(^|,)[=+@]/m);
  });
});

describe('npx encours collections', () => {
  it('prints the morning worklist as CSV or JSON, and imports a contacts file', async () => {
    const db = ['--db', join(dir, 'collections.duckdb')];
    const run = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli([...args, ...db], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
      return { code, stdout, stderr };
    };
    const invoices = join(dir, 'open-items-2.csv');
    // at 31/03/2024 (the last invoice date): K1 is 10 days late (call level, D+7), K2 2 days (reminder, D+1)
    writeFileSync(
      invoices,
      ['client;nom;facture;date facture;échéance;montant;solde', 'K1;Kléber SA;A1;21/02/2024;21/03/2024;900,00;900,00', 'K2;Kiosque;A2;28/02/2024;29/03/2024;300,00;300,00', 'K3;Kanoé;A3;31/03/2024;30/04/2024;50,00;50,00'].join('\n') + '\n',
    );
    expect((await run('import', invoices, '--entity', '552081317')).code).toBe(0);
    const csv = await run('collections', 'worklist');
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.trim().split('\r\n').map((line) => line.split(','));
    const col = (name: string) => rows[0].indexOf(name);
    expect(rows.slice(1).map((r) => [r[col('rank')], r[col('client_id')], r[col('next_level')], r[col('next_channel')], r[col('overdue_amount')]])).toEqual([
      ['1', 'K1', '2', 'call', '900'],
      ['2', 'K2', '1', 'reminder_email', '300'],
    ]);
    const json = JSON.parse((await run('collections', 'worklist', '--level', '1', '--format', 'json')).stdout);
    expect(json.clients.map((c: { client_id: string }) => c.client_id)).toEqual(['K2']);
    const contacts = join(dir, 'contacts.csv');
    writeFileSync(contacts, 'Client;Nom;Fonction;E-mail;Responsable\nK1;Hélène Dupré;DAF;helene@kleber.fr;claire\n');
    const imported = await run('collections', 'contacts', contacts);
    expect(imported.stdout).toBe('✔ contacts.csv: 1 contacts, 1 client profiles\n');
    const owned = JSON.parse((await run('collections', 'worklist', '--owner', 'claire', '--format', 'json')).stdout);
    expect(owned.clients.map((c: { client_id: string; owner: string }) => [c.client_id, c.owner])).toEqual([['K1', 'claire']]);
    expect((await run('collections', 'nope')).code).toBe(2);
    expect((await run('collections', 'worklist', '--level', 'x')).code).toBe(2);
  });
});

describe('npm run demo-data', () => {
  const demoCli = join(import.meta.dirname, '..', '..', 'src', 'server', 'demo', 'cli.ts');
  const tsx = join(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  async function demoData(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [tsx, demoCli, ...args]);
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('answers --help with its usage', async () => {
    const res = await demoData('--help');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Usage: npm run demo-data -- \[--out DIR\]/);
    expect(res.stdout).toMatch(/--encoding/);
    expect(res.stderr).toBe('');
  });

  it('refuses a bad flag with its usage, exit 2, no stack trace', async () => {
    const res = await demoData('--nope', '--out', join(dir, 'never'));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Usage: npm run demo-data/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the flag or value at fault (the process prints it above its usage, as above)', () => {
    const fault = (...args: string[]) => {
      try {
        demoDataOptions(args);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(fault('--nope')).toMatch(/--nope/);
    expect(fault('--clients', 'many')).toBe('--clients is a whole number of at least 1 (got "many").');
    expect(fault('--encoding', 'utf-16')).toBe('--encoding is windows-1252 or utf-8 (got "utf-16").');
    expect(fault('extra')).toMatch(/extra/);
    expect(fault('--clients', '10', '--lines', '1000')).toBe('Give --clients or --lines, not both.');
    expect(demoDataOptions(['--lines', '1000000', '--seed', '7'])).toMatchObject({ seed: 7, encoding: 'windows-1252', out: 'data/demo' });
  });

});
