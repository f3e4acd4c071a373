// Tiny hand-made ledgers for the model tests: FEC lines written compactly, imported for real,
// then the models rebuilt with the given settings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../src/server/import/importer.ts';
import { rebuildModels } from '../../src/server/models/runner.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/server/models/settings.ts';
import { agingReport } from '../../src/server/reports/aging.ts';
import { clientItems } from '../../src/server/reports/clients.ts';
import type { TestDb } from '../helpers.ts';

const HEADER = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';

/** One FEC line: [journal, entry, date, account, client, piece, pieceDate, debit, credit, letter?]. */
export type L = [string, string, string, string, string, string, string, number, number, string?];

const ymd = (iso: string) => iso.replace(/-/g, '');

/** Lines of a sale: 411 debit TTC, 706 credit HT, 44571 credit VAT at 20 %. */
export function sale(entry: string, date: string, client: string, piece: string, ttc: number, letter?: string): L[] {
  const ht = Math.round((ttc / 1.2) * 100) / 100;
  return [
    ['VE', entry, date, '411000', client, piece, date, ttc, 0, letter],
    ['VE', entry, date, '706000', '', piece, date, 0, ht],
    ['VE', entry, date, '445710', '', piece, date, 0, Math.round((ttc - ht) * 100) / 100],
  ];
}

/** Lines of a credit note (avoir) in the sales journal. */
export function creditNote(entry: string, date: string, client: string, piece: string, ttc: number, letter?: string): L[] {
  const ht = Math.round((ttc / 1.2) * 100) / 100;
  return [
    ['VE', entry, date, '411000', client, piece, date, 0, ttc, letter],
    ['VE', entry, date, '706000', '', piece, date, ht, 0],
    ['VE', entry, date, '445710', '', piece, date, Math.round((ttc - ht) * 100) / 100, 0],
  ];
}

/** Lines of a bank receipt: 512 debit, 411 credit. */
export function receipt(entry: string, date: string, client: string, piece: string, amount: number, letter?: string): L[] {
  return [
    ['BQ', entry, date, '512000', '', piece, date, amount, 0],
    ['BQ', entry, date, '411000', client, piece, date, 0, amount, letter],
  ];
}

/**
 * Lines of bank charges (627 / 512), off the client accounts: the ledger runs to `date` — a report
 * can be asked at that date (not after the data) — and no receivable figure changes.
 */
export function bankCharges(date: string): L[] {
  const entry = `F${ymd(date)}`;
  return [
    ['BQ', entry, date, '627000', '', 'FRAIS', date, 12, 0],
    ['BQ', entry, date, '512000', '', 'FRAIS', date, 0, 12],
  ];
}

export function writeFec(dir: string, name: string, lines: L[]): string {
  const text = [HEADER, ...lines.map(([j, e, d, acc, client, piece, pd, debit, credit, letter]) =>
    [j, j, e, ymd(d), acc, acc, client, client ? `Client ${client}` : '', piece, ymd(pd), `${piece} ${client}`, debit.toFixed(2).replace('.', ','), credit.toFixed(2).replace('.', ','), letter ?? '', letter ? ymd(d) : '', ymd(d), '', ''].join('\t'),
  )].join('\r\n') + '\r\n';
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export async function load(t: TestDb, files: { name: string; lines: L[] }[], settings: Partial<Settings> = {}): Promise<Settings> {
  const full: Settings = { ...DEFAULT_SETTINGS, ...settings };
  for (const f of files) {
    const outcome = await importFile(t.db, writeFec(t.dir, f.name, f.lines), { source: 'cli' });
    if (outcome.status !== 'active') throw new Error(outcome.error?.report ?? outcome.status);
  }
  await t.db.transaction((s) => rebuildModels(s, full));
  return full;
}

export async function aging(t: TestDb, asOf: string, basis: 'due' | 'invoice' = 'due') {
  return agingReport(t.db, { asOf, entity: null, basis, edges: [30, 60, 90] });
}

export async function items(t: TestDb, client: string, asOf: string) {
  return (await clientItems(t.db, { clientId: client, asOf, entity: null }))!.items;
}

/** The settlement of every invoice of a client, as the models computed it. */
export async function settlements(t: TestDb, client: string) {
  return t.db.all(
    `SELECT piece_ref, strftime(invoice_date, '%Y-%m-%d') AS invoice_date, strftime(due_date, '%Y-%m-%d') AS due_date, amount::DOUBLE AS amount,
            strftime(settled_date, '%Y-%m-%d') AS settled_date, settled_by, allocation_method, days_to_pay::INTEGER AS days_to_pay, days_late::INTEGER AS days_late
       FROM invoice_settlements WHERE client_id = $client ORDER BY invoice_date, piece_ref`,
    { client },
  );
}
