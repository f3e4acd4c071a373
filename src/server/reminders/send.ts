// Sending the day's letters. Each letter named is taken from the batch as it stands at the latest
// date of the data (never from what the browser shows), then:
//   1. its invoice levels are claimed in one transaction (reminder_claims' key: an invoice's level
//      goes out once — two people pressing send together get one message, the second a "skipped:
//      already sent" for what the first took);
//   2. it is rendered and sent (SMTP), or recorded as sent by the user (a printed letter, an .eml
//      sent by hand);
//   3. a success records the message and one collections action per invoice, with the message's
//      id, in one transaction; a failure records the message as failed with its error and gives
//      the claims back: nothing is marked sent that was not, and the next batch offers it again.
import type { Database, Session } from '../db/database.ts';
import { bumpCollectionsVersion, todayIso } from '../collections/actions.ts';
import type { Settings } from '../models/settings.ts';
import { letterPdf } from './pdf.ts';
import { planBatch, type PlannedLetter } from './batch.ts';
import { composeMessage, sendMessage, smtpConfig, type SmtpConfig } from './mail.ts';
import { renderLetterBlocks, renderMessage } from './templates.ts';
import { buildLetter } from './letters.ts';
import type { Letter } from './letter.ts';
import type { SendOutcome, SendRequest, SendResult } from '../../lib/contract/reminders.ts';

/** The PDF of a letter, as attached to a formal notice and printed in the batch. */
export function pdfOf(letter: Letter, settings: Settings): Promise<Buffer> {
  const { subject, blocks } = renderLetterBlocks(letter, settings.reminders.templates_dir);
  return letterPdf({ letter, subject, blocks });
}

/** Claims the letter's invoice levels; answers those it got (others were claimed meanwhile). */
async function claim(db: Database, plan: PlannedLetter, by: string): Promise<Set<string>> {
  return db.transaction(async (s) => {
    const got = new Set<string>();
    for (const invoice of plan.invoiceKeys) {
      const row = await s.one<{ invoice_ref: string }>(
        `INSERT INTO reminder_claims (entity_id, client_id, invoice_ref, level, claimed_by) VALUES ($entity, $client, $invoice, $level, $by)
         ON CONFLICT DO NOTHING RETURNING invoice_ref`,
        { entity: plan.wire.entity_id, client: plan.wire.client_id, invoice, level: plan.written.level, by },
      );
      if (row) got.add(row.invoice_ref);
    }
    return got;
  });
}

async function release(s: Session, plan: PlannedLetter, invoices: string[]): Promise<void> {
  for (const invoice of invoices) {
    await s.run(`DELETE FROM reminder_claims WHERE entity_id = $entity AND client_id = $client AND invoice_ref = $invoice AND level = $level`, {
      entity: plan.wire.entity_id,
      client: plan.wire.client_id,
      invoice,
      level: plan.written.level,
    });
  }
}

interface Recorded {
  letter: Letter;
  subject: string;
  delivery: 'email' | 'manual';
  recipients: string[];
  smtpId: string | null;
  error: string | null;
}

/** The message, as sent or failed; the collections actions of a sent one. Answers its id. */
async function recordMessage(s: Session, plan: PlannedLetter, r: Recorded, by: string, today: string): Promise<number> {
  const l = r.letter;
  const row = await s.one<{ message_id: number }>(
    `INSERT INTO reminder_messages (entity_id, client_id, level, template, language, delivery, status, recipients, subject, invoice_refs, total_due, interest, indemnity, as_of, smtp_id, error, recorded_by)
     VALUES ($entity, $client, $level, $template, $language, $delivery, $status, $recipients, $subject, from_json($refs, '["VARCHAR"]'), $total, $interest, $indemnity, $as_of, $smtp_id, $error, $by)
     RETURNING message_id`,
    {
      entity: plan.wire.entity_id,
      client: plan.wire.client_id,
      level: plan.written.level,
      template: l.template,
      language: l.language,
      delivery: r.delivery,
      status: r.error ? 'failed' : 'sent',
      recipients: r.recipients.join(', ') || null,
      subject: r.subject,
      refs: JSON.stringify(l.invoices.map((i) => i.number ?? '')),
      total: l.totals.total_due,
      interest: l.totals.interest,
      indemnity: l.totals.indemnity,
      as_of: l.date,
      smtp_id: r.smtpId,
      error: r.error,
      by,
    },
  );
  const id = row!.message_id;
  if (r.error) return id;
  const note = r.delivery === 'email' ? `${r.subject} — ${r.recipients.join(', ')}` : r.subject;
  // one action per invoice: the level is done on each; an invoice without a number, on the client
  const refs = [...new Set(l.invoices.map((i) => i.number))];
  for (const ref of refs) {
    await s.run(
      `INSERT INTO collection_actions (entity_id, client_id, invoice_ref, kind, level, done_on, outcome, note, recorded_by, message_id)
       VALUES ($entity, $client, $invoice, $kind, $level, $done_on, 'sent', $note, $by, $message)`,
      { entity: plan.wire.entity_id, client: plan.wire.client_id, invoice: ref, kind: plan.written.channel, level: plan.written.level, done_on: today, note, by, message: id },
    );
  }
  await bumpCollectionsVersion(s);
  return id;
}

/** Sends (or records as sent) the letters named; answers what became of each. */
export async function sendReminders(
  db: Database,
  settings: Settings,
  req: SendRequest,
  by: string,
  options: { today?: string; smtp?: SmtpConfig | null } = {},
): Promise<SendResult> {
  const today = options.today ?? todayIso();
  const smtp = options.smtp === undefined ? smtpConfig(settings) : options.smtp;
  const batch = await planBatch(db, settings, { entity: req.entity || null });
  const plans = new Map(batch.letters.map((l) => [l.wire.key, l]));
  const confirmed = new Set(req.confirmed ?? []);
  const results: SendOutcome[] = [];
  const skip = (key: string, reason: SendOutcome['reason'], plan?: PlannedLetter): SendOutcome => ({
    key,
    status: 'skipped',
    reason,
    message_id: null,
    recipients: plan?.wire.recipients ?? [],
    invoices: plan?.pieceRefs.flatMap((r) => (r ? [r] : [])) ?? [],
    error: null,
  });

  for (const key of [...new Set(req.keys)]) {
    const plan = plans.get(key);
    if (!plan) {
      // not in the batch: sent already (its levels claimed), or nothing due for it any more
      const [entity, client, level] = key.split('/');
      const sent = await db.one(`SELECT 1 AS x FROM reminder_claims WHERE entity_id = $entity AND client_id = $client AND level = $level LIMIT 1`, { entity: entity ?? '', client: client ?? '', level: Number(level) || 0 });
      results.push(skip(key, sent ? 'already_sent' : 'not_due'));
      continue;
    }
    if (!plan.letter) results.push(skip(key, 'cannot_write', plan));
    else if (plan.written.manual && !confirmed.has(key)) results.push(skip(key, 'needs_confirmation', plan));
    else if (req.delivery === 'email' && plan.wire.delivery === 'letter') results.push(skip(key, plan.wire.recipients.length ? 'by_post' : 'no_address', plan));
    else if (req.delivery === 'email' && !smtp) results.push(skip(key, 'no_smtp', plan));
    else results.push(await sendOne(db, settings, plan, req.delivery, smtp, by, today));
  }
  const count = (status: SendOutcome['status']) => results.filter((r) => r.status === status).length;
  return { as_of_date: batch.asOf, sent: count('sent'), failed: count('failed'), skipped: count('skipped'), results };
}

async function sendOne(db: Database, settings: Settings, plan: PlannedLetter, delivery: 'email' | 'manual', smtp: SmtpConfig | null, by: string, today: string): Promise<SendOutcome> {
  const key = plan.wire.key;
  const got = await claim(db, plan, by);
  const base = { key, recipients: delivery === 'email' ? plan.wire.recipients : [], message_id: null, error: null };
  if (!got.size) return { ...base, status: 'skipped', reason: 'already_sent', invoices: [] };
  // what another sender took meanwhile is left out of this letter
  let letter = plan.letter!;
  if (got.size < plan.invoiceKeys.length) {
    const invoices = plan.letter!.invoices.filter((_, i) => got.has(plan.invoiceKeys[i]));
    letter = buildLetter({
      settings,
      terms: plan.terms,
      template: letter.template,
      level: letter.level,
      asOf: letter.date,
      invoices: invoices.map((i) => ({ piece_ref: i.number, doc_date: i.date, due_date: i.due_date, amount: i.amount, open_amount: i.open_amount, days_past_due: i.days_late })),
    });
  }
  const invoices = letter.invoices.flatMap((i) => (i.number ? [i.number] : []));
  const rendered = renderMessage(letter, settings.reminders.templates_dir);
  let recorded: Recorded = { letter, subject: rendered.subject, delivery, recipients: base.recipients, smtpId: null, error: null };
  if (delivery === 'email') {
    try {
      const pdf = letter.template === 'formal_notice' ? await pdfOf(letter, settings) : null;
      const sent = await sendMessage(smtp!, composeMessage({ letter, rendered, recipients: plan.wire.recipients, from: smtp!.from, pdf }));
      recorded = { ...recorded, recipients: sent.accepted, smtpId: sent.smtpId };
    } catch (err) {
      recorded = { ...recorded, error: (err as Error).message };
    }
  }
  const id = await db.transaction(async (s) => {
    if (recorded.error) await release(s, plan, [...got]);
    return recordMessage(s, plan, recorded, by, today);
  });
  return recorded.error
    ? { ...base, status: 'failed', reason: null, message_id: id, invoices, error: recorded.error }
    : { ...base, recipients: recorded.recipients, status: 'sent', reason: null, message_id: id, invoices };
}
