// From the ledger and the collections data to a Letter (letter.ts): which letter a dunning level
// writes, the client's terms and contacts, its invoices with the late-payment charges on each
// (charges.ts), who signs, how to pay. The renderers (templates.ts, pdf.ts) only lay it out.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import { teamAddress, type DunningLevel, type Settings } from '../models/settings.ts';
import { addDays } from '../util/dates.ts';
import { round2 } from '../util/money.ts';
import { invoiceCharges, type ChargeRates } from './charges.ts';
import { ECB_MRO_RATES, LEGAL_RATES } from './rates.ts';
import type { Letter, LetterInvoice, LetterLanguage, LetterTemplate, NoChargesReason } from './letter.ts';
import type { DunningChannel, Policy } from '../../lib/contract/collections.ts';

/** The channels whose levels write a letter (a call or an escalation does not). */
export const WRITTEN_CHANNELS: readonly DunningChannel[] = ['reminder_email', 'reminder_letter', 'formal_notice'];

/** The shipped semester rates, with the settings' own added (a new semester, a correction). */
export function chargeRates(settings: Settings): ChargeRates {
  const c = settings.reminders.charges;
  return { ecb: { ...ECB_MRO_RATES, ...c.ecb_rates }, legal: { ...LEGAL_RATES, ...c.legal_rates }, points: c.points, indemnity: c.indemnity };
}

/** A client as its letters need it (sql/queries/reminders_clients.sql). */
export interface ClientTerms {
  entity_id: string;
  client_id: string;
  client_name: string | null;
  charges: 'b2b' | 'consumer' | 'none';
  late_rate: number | null;
  language: LetterLanguage;
  owner: string | null;
  contacts: { name: string; email: string | null; role: string | null }[];
}

export function clientTerms(db: Pick<Database, 'all'>, p: { entity: string | null; client?: string | null }): Promise<ClientTerms[]> {
  return db.all<ClientTerms>(query('reminders_clients'), { entity: p.entity, client: p.client ?? null });
}

/** An open invoice as the letters read it (reminders_client_items.sql, or the worklist's levels). */
export interface InvoiceSource {
  piece_ref: string | null;
  doc_date: string;
  due_date: string;
  amount: number;
  open_amount: number;
  days_past_due: number;
}

export function clientItems(db: Pick<Database, 'all'>, p: { asOf: string; entity: string; client: string }): Promise<InvoiceSource[]> {
  return db.all<InvoiceSource>(query('reminders_client_items'), { as_of: p.asOf, entity: p.entity, client: p.client });
}

/** A dunning level as the letters see it: its channel, the letter it writes, whether each needs a confirmation. */
export interface WrittenLevel {
  level: number;
  channel: DunningChannel;
  template: Exclude<LetterTemplate, 'statement'>;
  manual: boolean;
}

/** The letter of a level: as the settings say, else the first written reminder is friendly, the next ones firm. */
export function writtenLevel(settings: Settings, policy: Policy, level: number): WrittenLevel | null {
  const levels: DunningLevel[] = settings.dunning[policy === 'key_account' ? 'key_account' : 'standard'];
  const l = levels[level - 1];
  if (!l || !WRITTEN_CHANNELS.includes(l.channel)) return null;
  const earlierReminders = levels.slice(0, level - 1).filter((e) => e.channel === 'reminder_email' || e.channel === 'reminder_letter').length;
  const template = l.template ?? (l.channel === 'formal_notice' ? 'formal_notice' : earlierReminders ? 'firm' : 'friendly');
  return { level, channel: l.channel, template, manual: l.manual ?? l.channel === 'formal_notice' };
}

/** The key of an invoice in the claims: its number, or its date and amount when it has none. */
export const invoiceKey = (i: Pick<InvoiceSource, 'piece_ref' | 'doc_date' | 'amount'>): string => i.piece_ref ?? `${i.doc_date}/${i.amount.toFixed(2)}`;

/** Why no charges go on a client's letters, if none do. */
function noCharges(settings: Settings, terms: ClientTerms): NoChargesReason | null {
  if (!settings.reminders.charges.enabled) return 'disabled';
  if (terms.charges === 'consumer') return 'consumer';
  if (terms.charges === 'none') return 'no_charges';
  return null;
}

/**
 * The letter: the invoices with their charges at `asOf` (late interest semester by semester, the
 * fixed indemnity on each late invoice), the totals, who signs. Throws MissingRateError when a
 * semester's rate is not known — no letter goes out with charges computed on a guess.
 */
export function buildLetter(p: { settings: Settings; terms: ClientTerms; template: LetterTemplate; level: number | null; asOf: string; invoices: InvoiceSource[] }): Letter {
  const { settings, terms, asOf } = p;
  const reason = noCharges(settings, terms);
  const rates = chargeRates(settings);
  const used = new Map<string, number>();
  const invoices: LetterInvoice[] = p.invoices.map((i) => {
    const late = i.days_past_due > 0;
    let interest = 0;
    let indemnity = 0;
    if (!reason && late) {
      const c = invoiceCharges({ openAmount: i.open_amount, dueDate: i.due_date, until: asOf, clientRate: terms.late_rate, rates });
      interest = c.interest;
      indemnity = c.indemnity;
      for (const period of c.periods) used.set(period.semester, period.rate);
    }
    return { number: i.piece_ref, date: i.doc_date, due_date: i.due_date, amount: i.amount, open_amount: i.open_amount, days_late: Math.max(0, i.days_past_due), interest, indemnity };
  });
  const sum = (f: (i: LetterInvoice) => number) => round2(invoices.reduce((s, i) => s + f(i), 0));
  const totals = { count: invoices.length, amount: sum((i) => i.amount), open_amount: sum((i) => i.open_amount), interest: sum((i) => i.interest), indemnity: sum((i) => i.indemnity), total_due: 0 };
  totals.total_due = round2(totals.open_amount + totals.interest + totals.indemnity);
  const company = settings.reminders.company;
  const owner = terms.owner && settings.reminders.team[terms.owner] ? teamAddress(settings.reminders.team[terms.owner]) : null;
  const contact = terms.contacts[0] ?? null;
  const suffix = p.template === 'statement' ? 'RC' : `R${p.level}`;
  return {
    template: p.template,
    language: terms.language,
    level: p.level,
    date: asOf,
    reference: `${terms.client_id}-${asOf.replaceAll('-', '')}-${suffix}`,
    company,
    client: { entity_id: terms.entity_id, id: terms.client_id, name: terms.client_name },
    contact: contact ? { name: contact.name, email: contact.email, role: contact.role } : null,
    // the credit controller signs and gets the replies; without one in the settings, the company
    sender: owner ? { name: owner.name ?? terms.owner!, email: owner.email } : { name: company.name || terms.owner || '', email: company.email || null },
    invoices,
    totals,
    charges: {
      applied: reason === null,
      reason,
      client_rate: reason === null ? terms.late_rate : null,
      rates: [...used].sort(([a], [b]) => a.localeCompare(b)).map(([semester, rate]) => ({ semester, rate })),
      indemnity_per_invoice: rates.indemnity,
    },
    payment: { deadline: addDays(asOf, settings.reminders.payment_days), iban: company.iban, bic: company.bic },
  };
}
