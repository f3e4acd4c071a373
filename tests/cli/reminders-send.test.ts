// `encours collections send`, the scheduled morning run, on a hand-made invoice list: --dry-run
// shows the batch and sends nothing; a run sends the e-mails that need no confirmation to a real
// SMTP server started here, and a second run finds nothing left to send; a server that refuses
// ends the run with exit code 1 and the letter still due.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { runCli } from '../../src/server/cli.ts';
import { invoiceCharges } from '../../src/server/reminders/charges.ts';
import { ECB_MRO_RATES, LEGAL_RATES } from '../../src/server/reminders/rates.ts';
import { formatMoney } from '../../src/lib/shared/format.ts';
import { LATER_RATES } from '../rates.ts';

let dir: string;
let smtp: SMTPServer;
let port = 0;
const received: ParsedMail[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'encours-send-'));
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _s, cb) => void simpleParser(stream).then((m) => received.push(m)).then(() => cb(), cb),
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

/** The letters run their charges to today: the semesters after the shipped tables get test rates (tests/rates.ts), unless `rates` is false. */
const LATER = LATER_RATES;

function settingsFile(name: string, smtpPort: number, rates = true): string {
  const path = join(dir, name);
  const company = { name: 'Test SARL', siren: '552081317', address: ['1 rue de la Paix', '75002 Paris'], city: 'Paris', iban: 'FR76 1234', bic: 'TESTFRPP', email: 'compta@test.example', phone: '01 00 00 00 00' };
  const charges = rates ? { ecb_rates: LATER, legal_rates: LATER } : {};
  writeFileSync(path, JSON.stringify({ reminders: { company, charges, smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'relances@test.example' } } }));
  return path;
}

/** 300 € due 29/03/2024 with its charges to today, as the letter computes them (charges.ts, tested by hand in tests/unit/charges.test.ts). */
function dueToday(): string {
  const rates = { ecb: { ...ECB_MRO_RATES, ...LATER }, legal: { ...LEGAL_RATES, ...LATER }, points: 10, indemnity: 40 };
  const c = invoiceCharges({ openAmount: 300, dueDate: '2024-03-29', until: new Date().toISOString().slice(0, 10), clientRate: null, rates });
  return formatMoney(300 + c.interest + c.indemnity, 'fr').replace(/\u202f/g, '\u00a0');
}

describe('npx encours collections send', () => {
  it('shows the batch with --dry-run, sends the e-mails, then finds nothing left; a refusing server exits 1', async () => {
    const db = ['--db', join(dir, 'send.duckdb')];
    const run = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli([...args, ...db], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
      return { code, stdout, stderr };
    };
    const good = settingsFile('good.json', port);
    // at 31/03/2024: K1 is 10 days late (level 2, a call: no letter), K2 2 days late (level 1, an e-mail)
    const invoices = join(dir, 'open-items.csv');
    writeFileSync(invoices, ['client;nom;facture;date facture;échéance;montant;solde', 'K1;Kléber SA;A1;21/02/2024;21/03/2024;900,00;900,00', 'K2;Kiosque;A2;28/02/2024;29/03/2024;300,00;300,00', 'K3;Kanoé;A3;31/03/2024;30/04/2024;50,00;50,00'].join('\n') + '\n');
    expect((await run('import', invoices, '--entity', '552081317', '--settings', good)).code).toBe(0);
    const contacts = join(dir, 'contacts.csv');
    writeFileSync(contacts, 'Client;Nom;E-mail\nK2;Karim Benali;karim@kiosque.example\n');
    expect((await run('collections', 'contacts', contacts, '--settings', good)).code).toBe(0);

    // without the rates of the semesters since, the letter cannot be written: the run fails
    const noRates = await run('collections', 'send', '--dry-run', '--settings', settingsFile('no-rates.json', port, false));
    expect(noRates.code).toBe(1);
    expect(noRates.stdout).toMatch(/K2 .*cannot be written: The ECB main refinancing rate for 2026-H2/);
    expect(noRates.stdout).toContain('1 letters cannot be written');

    const dry = await run('collections', 'send', '--dry-run', '--settings', good);
    expect(dry.code, dry.stderr + dry.stdout).toBe(0);
    expect(dry.stdout).toContain('Reminders at 2024-03-31: 1 letters (1 by e-mail, 0 to print, 0 to confirm)');
    expect(dry.stdout).toMatch(/K2 +Kiosque +1 +friendly +karim@kiosque\.example +[\d\u00a0\u202f ]+,\d\d +1 +would be sent/);
    expect(received).toHaveLength(0);

    // a server refusing the connection: the run fails, nothing is marked sent
    const down = await run('collections', 'send', '--settings', settingsFile('down.json', 9));
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/K2 .*FAILED: .*(ECONNREFUSED|ESOCKET|connect)/);
    expect(down.stdout).toContain('0 sent, 1 failed, 0 skipped');

    const sent = await run('collections', 'send', '--settings', good);
    expect(sent.code, sent.stderr + sent.stdout).toBe(0);
    expect(sent.stdout).toContain('1 sent, 0 failed, 0 skipped');
    expect(received).toHaveLength(1);
    // the letter is dated the day it goes (the data's last date is 31/03/2024), its charges to that day
    const today = new Date().toISOString().slice(0, 10);
    expect(received[0].subject).toContain(`réf. K2-${today.replaceAll('-', '')}-R1`);
    expect(received[0].to).toMatchObject({ value: [{ address: 'karim@kiosque.example' }] });
    expect(received[0].text).toMatch(/300,00\u00a0€/);
    expect(received[0].text).toContain(dueToday());

    const again = JSON.parse((await run('collections', 'send', '--format', 'json', '--settings', good)).stdout);
    expect(again.batch.letters).toEqual([]);
    expect(again.result).toBeNull();
    expect(received).toHaveLength(1);
    expect((await run('collections', 'send', '--as-of', '2024-03-15', '--settings', good)).code).toBe(2);
  });
});
