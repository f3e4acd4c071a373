// Provisions on doubtful receivables (dépréciation des créances douteuses) at a closing date: each
// doubtful invoice (416) open then, its base excluding VAT and the rate of its days past due
// (settings.provisions), and per client the provision required against the one booked (491), as
// the allowance (6817) or reversal (7817) to book — at the rate decided for a client where a person
// decided one (provision judgements, the users' data); the write-offs, and the movement of the
// doubtful receivables and their provisions since the previous closing. Each read in one snapshot
// of the store. SQL: sql/queries/provisions_*.sql.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { ProvisionAccounts, Settings } from '../models/settings.ts';
import type { ProvisionClient, ProvisionInvoice, ProvisionsReport, UnassignedProvision } from '../../lib/contract/index.ts';
import type { EntityMovement, ProvisionMovementReport, ProvisionWriteOffsReport, WriteOff, WriteOffTotal } from '../../lib/contract/index.ts';
import { ReportError, resolveAsOf } from './as-of.ts';
import { formatDate } from '../../lib/shared/format.ts';
import { say } from '../util/messages.ts';
import { cached } from '../models/cache.ts';

const cents = (x: number) => Math.round(x * 100) / 100;

/** An entry to book: a client's allowance or reversal, or (client_id null) an entity's net. */
interface ProvisionEntry {
  entity_id: string;
  client_id: string | null;
  client_name: string | null;
  allowance: number;
  reversal: number;
}

/**
 * The entries that book a proposal: each client's allowance or reversal — or, for an entity with
 * part of its provision booked without a client (unassigned), the entity's net alone, so that
 * allowances − reversals is always the net of the closing.
 */
function provisionEntries(clients: ProvisionClient[], unassigned: UnassignedProvision[]): ProvisionEntry[] {
  const apart = new Map<string, number>();
  for (const u of unassigned) apart.set(u.entity_id, (apart.get(u.entity_id) ?? 0) - u.booked);
  const entries: ProvisionEntry[] = [];
  for (const c of clients) {
    if (apart.has(c.entity_id)) apart.set(c.entity_id, apart.get(c.entity_id)! + c.required - c.booked);
    else entries.push({ entity_id: c.entity_id, client_id: c.client_id, client_name: c.client_name, allowance: c.allowance, reversal: c.reversal });
  }
  for (const [entity_id, net] of apart) entries.push({ entity_id, client_id: null, client_name: null, allowance: cents(Math.max(net, 0)), reversal: cents(Math.max(-net, 0)) });
  return entries;
}

export async function provisionsReport(db: Database, p: { asOf?: string | null; entity: string | null; settings: Settings }): Promise<ProvisionsReport> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  const { rules, vat_rate } = p.settings.provisions;
  // kept per version of the users' data too: a judgement recorded changes the proposal
  return cached(db, null, `provisions|${JSON.stringify([asOf, p.entity, rules, vat_rate])}`, async () => {
    const params = { as_of: asOf, entity: p.entity, rules: rules.map((r) => `${r.over_days}:${r.rate}`).join(','), vat_rate };
    const [invoices, clients, unassigned] = await db.read(async (s) => [
      await s.all<ProvisionInvoice>(query('provisions_invoices'), params),
      await s.all<ProvisionClient>(query('provisions_clients'), params),
      await s.all<UnassignedProvision>(query('provisions_unassigned'), { as_of: asOf, entity: p.entity }),
    ]);
    const sum = <T>(rows: T[], f: (r: T) => number) => cents(rows.reduce((total, r) => total + f(r), 0));
    const required = sum(clients, (c) => c.required);
    const booked = cents(sum(clients, (c) => c.booked) + sum(unassigned, (u) => u.booked));
    const entries = provisionEntries(clients, unassigned);
    return {
      as_of_date: asOf,
      entity_id: p.entity ?? '*',
      rules,
      vat_rate,
      invoices,
      clients,
      unassigned,
      totals: {
        open_amount: sum(invoices, (i) => i.open_amount),
        base: sum(invoices, (i) => i.base),
        required,
        booked,
        allowance: sum(entries, (e) => e.allowance),
        reversal: sum(entries, (e) => e.reversal),
        net: cents(required - booked),
        vat_assumed: invoices.filter((i) => !i.vat_from_ledger).length,
      },
    };
  }, { userData: true });
}

const FEC_HEADER = ['JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef', 'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise'];
const ACCOUNT_NAMES = { provision: 'Dépréciation des comptes clients', allowance: 'Dotations aux dépréciations des actifs circulants', reversal: 'Reprises sur dépréciations des actifs circulants' };

/**
 * The entries that book a proposal, as a FEC file of its entity (tab-separated, the norm's 18
 * columns, decimal comma, CRLF) for the accounting software: in the OD journal at the closing date,
 * one balanced entry per client — an allowance (debit 6817, credit 491 on the client's auxiliary
 * account) or a reversal (debit 491, credit 7817) —; an entity with provisions booked without a
 * client gets one entry of its net, on 491 without a client. Named as a FEC is
 * (<SIREN>FEC<closing date>.txt), it imports back into Encours.
 */
export function provisionsFec(report: ProvisionsReport, accounts: ProvisionAccounts): { fileName: string; text: string } {
  const entities = new Set([...report.clients.map((c) => c.entity_id), ...report.unassigned.map((u) => u.entity_id)]);
  if (report.entity_id !== '*') entities.add(report.entity_id);
  if (entities.size !== 1) throw new ReportError(say.fecOneEntity([...entities]));
  const [entity] = entities;
  const day = report.as_of_date.replaceAll('-', '');
  const amount = (x: number) => x.toFixed(2).replace('.', ',');
  const text = (s: string) => s.replace(/[\t\r\n]+/g, ' ').trim();
  const rows: string[][] = [];
  let n = 0;
  const entry = (lib: string, debit: [string, string, string | null], credit: [string, string, string | null], value: number, client: string | null) => {
    const num = `DEP${String(++n).padStart(4, '0')}`;
    for (const [[account, name, aux], d, c] of [[debit, value, 0], [credit, 0, value]] as const) {
      rows.push(['OD', 'Opérations diverses', num, day, account, name, aux ?? '', aux ? text(client ?? aux) : '', `DEP-${day}`, day, text(lib), amount(d), amount(c), '', '', day, '', '']);
    }
  };
  const provision = (aux: string | null): [string, string, string | null] => [accounts.provision, ACCOUNT_NAMES.provision, aux];
  const allowanceAccount: [string, string, null] = [accounts.allowance, ACCOUNT_NAMES.allowance, null];
  const reversalAccount: [string, string, null] = [accounts.reversal, ACCOUNT_NAMES.reversal, null];
  for (const e of provisionEntries(report.clients, report.unassigned)) {
    const who = e.client_name ?? e.client_id;
    // an entity's net (part of its provision booked without a client) is booked on 491 without one
    const what = who ? `créances douteuses ${who}` : `des créances douteuses au ${formatDate(report.as_of_date, 'fr')}`;
    if (e.allowance > 0) entry(`Dotation dépréciation ${what}`, allowanceAccount, provision(e.client_id), e.allowance, who);
    if (e.reversal > 0) entry(`Reprise dépréciation ${what}`, provision(e.client_id), reversalAccount, e.reversal, who);
  }
  return { fileName: `${entity}FEC${day}.txt`, text: [FEC_HEADER, ...rows].map((r) => r.join('\t')).join('\r\n') + '\r\n' };
}

/**
 * The write-offs (passages en perte: 654, with the VAT recovered on 4457) booked up to the as-of
 * date, each with the invoices it closed and the provision reversed on its client that fiscal
 * year, totalled by fiscal year and by client. SQL: provisions_writeoffs, provisions_writeoffs_totals.
 */
export async function provisionWriteOffsReport(db: Database, p: { asOf?: string | null; entity: string | null }): Promise<ProvisionWriteOffsReport> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  return cached(db, null, `provision-write-offs|${asOf}|${p.entity}`, async () => {
    const params = { as_of: asOf, entity: p.entity };
    const [writeOffs, totals] = await db.read(async (s) => [
      await s.all<WriteOff>(query('provisions_writeoffs'), params),
      await s.all<WriteOffTotal>(query('provisions_writeoffs_totals'), params),
    ]);
    const sum = (f: (w: WriteOff) => number) => cents(writeOffs.reduce((total, w) => total + f(w), 0));
    return {
      as_of_date: asOf,
      entity_id: p.entity ?? '*',
      write_offs: writeOffs,
      years: totals.filter((t) => t.client_id === null),
      clients: totals.filter((t) => t.client_id !== null),
      totals: { write_offs: writeOffs.length, amount: sum((w) => w.amount), bad_debt: sum((w) => w.bad_debt), vat_recovered: sum((w) => w.vat_recovered), provision_reversed: sum((w) => w.provision_reversed) },
    };
  });
}

/**
 * The movement of the doubtful receivables (416) and of their provisions (491) from the previous
 * closing to the as-of date, per entity (each from its own previous closing), as the notes to the
 * accounts present it, and the entities' sums. SQL: provisions_movement.
 */
export async function provisionMovementReport(db: Database, p: { asOf?: string | null; entity: string | null }): Promise<ProvisionMovementReport> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  return cached(db, null, `provision-movement|${asOf}|${p.entity}`, async () => {
    const entities = await db.read((s) => s.all<EntityMovement>(query('provisions_movement'), { as_of: asOf, entity: p.entity }));
    const total = <K extends string>(keys: readonly K[], of: (e: EntityMovement) => Record<K, number>) =>
      Object.fromEntries(keys.map((k) => [k, cents(entities.reduce((t, e) => t + of(e)[k], 0))])) as Record<K, number>;
    return {
      as_of_date: asOf,
      entity_id: p.entity ?? '*',
      entities,
      totals: {
        doubtful: total(['opening', 'transfers_in', 'receipts', 'credit_notes', 'write_offs', 'other', 'closing', 'difference'], (e) => e.doubtful),
        provision: total(['opening', 'allowances', 'reversals', 'closing', 'difference'], (e) => e.provision),
      },
    };
  });
}
