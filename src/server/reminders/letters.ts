// From the ledger and the collections data to a Letter (letter.ts): which letter a dunning level
// writes, the client's terms and contacts, its invoices with the late-payment charges on each
// (charges.ts), who signs, how to pay. The renderers (templates.ts, pdf.ts) only lay it out.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import { teamAddress, type DunningLevel, type Settings } from '../models/settings.ts';
import { addDays, daysBetween } from '../util/dates.ts';
import { round2 } from '../util/money.ts';
import { invoiceCharges, raisedToFloor, type ChargeRates } from './charges.ts';
import { ECB_MRO_RATES, LEGAL_RATES } from './rates.ts';
import type { Letter, LetterInvoice, LetterLanguage, LetterTemplate, NoChargesReason } from './letter.ts';
import type { DunningChannel, Policy } from '../../lib/contract/collections.ts';
import { WRITTEN_CHANNELS } from '../../lib/contract/reminders.ts';


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

/**
 * The key of an invoice's instalment in the claims: its number (or, without one, its date and
 * amount) and its due date — two instalments of one invoice are reminded each in its turn.
 */
export const invoiceKey = (i: Pick<InvoiceSource, 'piece_ref' | 'doc_date' | 'amount' | 'due_date'>): string => `${invoiceRef(i)}@${i.due_date}`;

/** The invoice an action is recorded on: its number, or its date and amount when it has none (never the whole client). */
export const invoiceRef = (i: Pick<InvoiceSource, 'piece_ref' | 'doc_date' | 'amount'>): string => i.piece_ref ?? `${i.doc_date}/${i.amount.toFixed(2)}`;

/** Why no charges go on a client's letters, if none do. */
function noCharges(settings: Settings, terms: ClientTerms): NoChargesReason | null {
  if (!settings.reminders.charges.enabled) return 'disabled';
  if (terms.charges === 'consumer') return 'consumer';
  if (terms.charges === 'none') return 'no_charges';
  return null;
}

/**
 * The date a letter is written: today's when its figures are the latest of the data (a ledger
 * exported a few days ago still gives a letter dated the day it goes, with its charges to that
 * day and its deadline from it); the as-of date itself for a letter of an earlier date (a record).
 */
export const letterDate = (asOf: string, isLatest: boolean, today: string): string => (isLatest && today > asOf ? today : asOf);

/**
 * The letter dated `date`: the invoices with their charges to that day (late interest semester by
 * semester, the fixed indemnity on each late invoice), the totals, who signs. `remindedBefore`:
 * some of its invoices had a lower level done (the letter recalls it). Throws MissingRateError
 * when a semester's rate is not known — no letter goes out with charges computed on a guess.
 */
export function buildLetter(p: {
  settings: Settings;
  terms: ClientTerms;
  template: LetterTemplate;
  level: number | null;
  date: string;
  invoices: InvoiceSource[];
  remindedBefore?: boolean;
}): Letter {
  const { settings, terms, date } = p;
  const reason = noCharges(settings, terms);
  const rates = chargeRates(settings);
  const used = new Map<string, number>();
  let floored = false;
  const invoices: LetterInvoice[] = p.invoices.map((i) => {
    const daysLate = daysBetween(i.due_date, date);
    let interest = 0;
    let indemnity = 0;
    if (!reason && daysLate > 0) {
      const c = invoiceCharges({ openAmount: i.open_amount, dueDate: i.due_date, until: date, clientRate: terms.late_rate, rates });
      interest = c.interest;
      indemnity = c.indemnity;
      for (const period of c.periods) {
        used.set(period.semester, period.rate);
        floored ||= raisedToFloor(period.semester, terms.late_rate, rates);
      }
    }
    return { number: i.piece_ref, date: i.doc_date, due_date: i.due_date, amount: i.amount, open_amount: i.open_amount, days_late: Math.max(0, daysLate), interest, indemnity };
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
    reminded_before: p.remindedBefore ?? false,
    date,
    reference: `${terms.client_id}-${date.replaceAll('-', '')}-${suffix}`,
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
      floored,
    },
    payment: { deadline: addDays(date, settings.reminders.payment_days), iban: company.iban, bic: company.bic },
  };
}
