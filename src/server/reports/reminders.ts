// The reminders as the API and the CLI read them: the day's batch, a client's letter (PDF or
// .eml) and its late-payment charges, the batch's letters in one PDF, the messages sent.
import type { Database } from '../db/database.ts';
import { clientEntity, todayIso, UnknownClient } from '../collections/actions.ts';
import { checkEntity, NotFound, resolveAsOf } from './as-of.ts';
import { invoiceLevels } from '../collections/levels.ts';
import type { Settings } from '../models/settings.ts';
import { actionsUntil, latestItemDate } from '../models/span.ts';
import { query } from '../models/runner.ts';
import { say, UserError } from '../util/messages.ts';
import { round2 } from '../util/money.ts';
import { cannotWrite, companyMissing, planBatch } from '../reminders/batch.ts';
import { buildLetter, chargeRates, clientItems, clientTerms, letterDate, writtenLevel, type ClientTerms, type InvoiceSource } from '../reminders/letters.ts';
import { invoiceCharges } from '../reminders/charges.ts';
import { composeMessage, describeSmtp, emlOf, smtpConfig } from '../reminders/mail.ts';
import { batchPdf } from '../reminders/pdf.ts';
import { pdfOf } from '../reminders/send.ts';
import { renderLetterBlocks, renderMessage } from '../reminders/templates.ts';
import type { Letter, LetterTemplate } from '../reminders/letter.ts';
import type { ClientCharges, ReminderBatch, ReminderMessage } from '../../lib/contract/reminders.ts';

type BatchFilter = { asOf?: string | null; entity: string | null; level?: number | null; owner?: string | null };

/** The batch at a date checked as every report's is (inside the data, of an entity with data), the latest by default. */
async function checkedBatch(db: Database, settings: Settings, p: BatchFilter) {
  return planBatch(db, settings, { ...p, asOf: await resolveAsOf(db, p.asOf, p.entity) });
}

export async function reminderBatch(db: Database, settings: Settings, p: BatchFilter): Promise<ReminderBatch> {
  const batch = await checkedBatch(db, settings, p);
  const letters = batch.letters.map((l) => l.wire);
  const ok = letters.filter((l) => !l.error);
  return {
    as_of_date: batch.asOf,
    letter_date: batch.date,
    entity_id: p.entity,
    is_latest: batch.isLatest,
    smtp: describeSmtp(smtpConfig(settings)),
    letters,
    totals: {
      letters: letters.length,
      emails: ok.filter((l) => l.delivery === 'email').length,
      to_print: ok.filter((l) => l.delivery === 'letter').length,
      manual: ok.filter((l) => l.manual).length,
      errors: letters.length - ok.length,
      total_due: round2(ok.reduce((s, l) => s + l.total_due, 0)),
    },
  };
}

/** The batch's letters that can be written (those named by key, else all), in one PDF to print. */
export async function batchLettersPdf(db: Database, settings: Settings, p: BatchFilter & { keys: string[] | null }): Promise<Buffer> {
  const batch = await checkedBatch(db, settings, p);
  const chosen = batch.letters.filter((l) => l.letter && (!p.keys || p.keys.includes(l.wire.key)));
  if (!chosen.length) throw new UserError(say.noLettersToPrint);
  const dir = settings.reminders.templates_dir;
  return batchPdf(chosen.map((l) => ({ letter: l.letter!, ...renderLetterBlocks(l.letter!, dir) })));
}

/** A client's terms, the as-of date (the latest of the data by default) and the date its letters and charges run to. */
async function oneClient(db: Database, p: { client: string; entity: string | null; asOf?: string | null }): Promise<{ terms: ClientTerms; asOf: string; date: string }> {
  // an entity without data is named as such first, with those that have data
  if (p.entity) await checkEntity(db, p.entity);
  const { entity } = await clientEntity(db, p.client, p.entity ?? undefined).catch((err) => {
    throw err instanceof UnknownClient ? new NotFound(err.text) : err;
  });
  const latest = await latestItemDate(db, entity);
  if (!latest) throw new UserError(say.noData);
  const [terms] = await clientTerms(db, { entity, client: p.client });
  const asOf = await resolveAsOf(db, p.asOf, entity);
  return { terms, asOf, date: letterDate(asOf, asOf === latest, todayIso()) };
}

/** A client's letter at a date: its statement of account (without a template or a level), or the reminder of a level due (a reminder template alone: the highest level due). */
export async function clientLetter(db: Database, settings: Settings, p: { client: string; entity: string | null; asOf?: string | null; template?: LetterTemplate; level?: number | null }): Promise<Letter> {
  const { terms, asOf, date } = await oneClient(db, p);
  const entity = terms.entity_id;
  const build = (template: LetterTemplate, level: number | null, invoices: InvoiceSource[], remindedBefore = false) => {
    const missing = companyMissing(settings);
    if (missing) throw new UserError(missing);
    try {
      return buildLetter({ settings, terms, template, level, date, invoices, remindedBefore });
    } catch (err) {
      throw new UserError(cannotWrite(err));
    }
  };
  if (p.template === 'statement' || (!p.template && !p.level)) {
    const items = await clientItems(db, { asOf, entity, client: p.client });
    if (!items.length) throw new UserError(say.noOpenInvoices(p.client, asOf));
    if (p.template === 'statement' || !p.level) return build('statement', null, items);
  }
  const until = await actionsUntil(db, asOf, entity);
  const rows = (await invoiceLevels(db, { asOf, entity, until, grace: settings.dunning.promise_grace_days })).filter((r) => r.client_id === p.client && r.due_level !== null);
  const level = p.level ?? Math.max(0, ...rows.map((r) => r.due_level!));
  const written = level ? writtenLevel(settings, rows[0]?.policy ?? 'standard', level) : null;
  const invoices = rows.filter((r) => r.due_level === level);
  if (!written || !invoices.length) throw new UserError(say.nothingDueForLetter(p.client, p.level ?? null, asOf));
  return build(p.template ?? written.template, level, invoices, invoices.some((i) => i.last_level_done !== null));
}

/** The letter as a file: its PDF, or its e-mail as .eml (to send from one's own mail client). */
export async function clientLetterFile(db: Database, settings: Settings, p: Parameters<typeof clientLetter>[2] & { format: 'pdf' | 'eml' }): Promise<{ body: Buffer; type: string; name: string }> {
  const letter = await clientLetter(db, settings, p);
  if (p.format === 'pdf') return { body: await pdfOf(letter, settings), type: 'application/pdf', name: `${letter.reference}.pdf` };
  const [terms] = await clientTerms(db, { entity: letter.client.entity_id, client: letter.client.id });
  const recipients = terms.contacts.flatMap((c) => (c.email ? [c.email] : []));
  const smtp = smtpConfig(settings);
  const rendered = renderMessage(letter, settings.reminders.templates_dir);
  const pdf = letter.template === 'formal_notice' ? await pdfOf(letter, settings) : null;
  const message = composeMessage({ letter, rendered, recipients, from: smtp?.from || settings.reminders.company.email || 'relances@localhost', pdf });
  return { body: await emlOf(message), type: 'message/rfc822', name: `${letter.reference}.eml` };
}

/**
 * The charges on the invoices a client paid late in the twelve months to `asOf`: interest on the
 * invoice's amount from its due date to the payment that completed it (an instalment paid before
 * is not taken off: the figure is what the law allows at most), and the fixed indemnity.
 */
async function settledLate(db: Database, settings: Settings, terms: ClientTerms, asOf: string): Promise<ClientCharges['settled_late']> {
  const rows = await db.all<{ piece_ref: string | null; doc_date: string; due_date: string; amount: number; settled_date: string; days_late: number }>(query('reminders_settled_late'), {
    as_of: asOf,
    entity: terms.entity_id,
    client: terms.client_id,
  });
  const since = new Date(Date.UTC(Number(asOf.slice(0, 4)) - 1, Number(asOf.slice(5, 7)) - 1, Number(asOf.slice(8, 10)))).toISOString().slice(0, 10);
  const applies = settings.reminders.charges.enabled && terms.charges === 'b2b';
  const rates = chargeRates(settings);
  let error: ClientCharges['settled_late']['error'] = null;
  const invoices = rows.map((r) => {
    let interest = 0;
    let indemnity = 0;
    if (applies && !error) {
      try {
        const c = invoiceCharges({ openAmount: r.amount, dueDate: r.due_date, until: r.settled_date, clientRate: terms.late_rate, rates });
        interest = c.interest;
        indemnity = c.indemnity;
      } catch (err) {
        error = cannotWrite(err);
      }
    }
    return { number: r.piece_ref, date: r.doc_date, due_date: r.due_date, settled_date: r.settled_date, amount: r.amount, days_late: r.days_late, interest, indemnity };
  });
  const sum = (f: (i: (typeof invoices)[number]) => number) => round2(invoices.reduce((s, i) => s + f(i), 0));
  return { since, invoices, interest: error ? 0 : sum((i) => i.interest), indemnity: error ? 0 : sum((i) => i.indemnity), error };
}

/** A client's late-payment charges at a date, on each open overdue invoice, and on those it paid late in the last twelve months. */
export async function clientCharges(db: Database, settings: Settings, p: { client: string; entity: string | null; asOf?: string | null }): Promise<ClientCharges> {
  const { terms, asOf, date } = await oneClient(db, p);
  const settled_late = await settledLate(db, settings, terms, asOf);
  const items = (await clientItems(db, { asOf, entity: terms.entity_id, client: p.client })).filter((i) => i.due_date < date);
  const base = { as_of_date: asOf, charges_date: date, entity_id: terms.entity_id, client_id: p.client, terms: terms.charges, late_rate: terms.late_rate, language: terms.language, settled_late };
  try {
    const l = buildLetter({ settings, terms, template: 'statement', level: null, date, invoices: items });
    return {
      ...base,
      applied: l.charges.applied,
      no_charges: l.charges.reason,
      rates: l.charges.rates,
      invoices: l.invoices,
      totals: { open_amount: l.totals.open_amount, interest: l.totals.interest, indemnity: l.totals.indemnity, total_due: l.totals.total_due },
      error: null,
    };
  } catch (err) {
    const open = round2(items.reduce((s, i) => s + i.open_amount, 0));
    return {
      ...base,
      applied: false,
      no_charges: null,
      rates: [],
      invoices: items.map((i) => ({ number: i.piece_ref, date: i.doc_date, due_date: i.due_date, amount: i.amount, open_amount: i.open_amount, days_late: i.days_past_due, interest: 0, indemnity: 0 })),
      totals: { open_amount: open, interest: 0, indemnity: 0, total_due: open },
      error: cannotWrite(err),
    };
  }
}

/** What a message sent carried, as it went: its .eml, or the PDF of a letter printed. */
export async function messageContent(db: Database, id: number): Promise<{ body: Buffer; type: string; name: string }> {
  const m = await db.one<{ content: string | null; content_type: string | null; client_id: string; as_of: string; level: number | null }>(
    `SELECT content, content_type, client_id, strftime(as_of, '%Y%m%d') AS as_of, level FROM reminder_messages WHERE message_id = $id`,
    { id },
  );
  if (!m) throw new NotFound(say.noSuchMessage(id));
  if (!m.content || !m.content_type) throw new NotFound(say.noMessageContent(id));
  const name = `${m.client_id}-${m.as_of}-${m.level ? `R${m.level}` : 'RC'}-${id}.${m.content_type === 'application/pdf' ? 'pdf' : 'eml'}`;
  return { body: Buffer.from(m.content, 'base64'), type: m.content_type, name };
}

export function reminderMessages(db: Database, p: { entity: string | null; client: string | null; limit: number }): Promise<ReminderMessage[]> {
  return db.all<ReminderMessage>(query('reminders_messages'), { entity: p.entity, client: p.client, limit: p.limit });
}
